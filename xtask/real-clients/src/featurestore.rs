//! An in-memory Feature Store: records by feature group, each keyed by the value of its
//! feature named `id` (the record identifier a real feature group names in its definition).

use std::collections::BTreeMap;
use std::sync::Mutex;

use featurestore_runtime::error::{
    BatchGetRecordError2, DeleteRecordError, GetRecordError, PutRecordError, ResourceNotFound,
    ValidationError2,
};
use featurestore_runtime::server::Handlers;
use featurestore_runtime::types::*;

/// The feature whose value identifies a record.
const IDENTIFIER: &str = "id";

#[derive(Default)]
pub struct Records {
    /// (feature group, identifier) → the record's features.
    records: Mutex<BTreeMap<(String, String), Vec<FeatureValue>>>,
}

impl Records {
    fn get(&self, group: &str, id: &str, names: Option<&[String]>) -> Option<Vec<FeatureValue>> {
        let records = self.records.lock().unwrap();
        let record = records.get(&(group.to_owned(), id.to_owned()))?;
        Some(
            record
                .iter()
                .filter(|feature| {
                    names.is_none_or(|names| {
                        names
                            .iter()
                            .any(|n| Some(n) == feature.feature_name.as_ref())
                    })
                })
                .cloned()
                .collect(),
        )
    }
}

impl Handlers for Records {
    async fn put_record(
        &self,
        input: PutRecordRequest,
        _request: &http::request::Parts,
    ) -> Result<(), PutRecordError> {
        let record = input.record.unwrap_or_default();
        let id = record
            .iter()
            .find(|feature| feature.feature_name.as_deref() == Some(IDENTIFIER))
            .and_then(|feature| feature.value_as_string.clone());
        let Some(id) = id else {
            return Err(PutRecordError::ValidationError2(ValidationError2 {
                message: Some(format!("the record has no `{IDENTIFIER}` feature")),
            }));
        };
        self.records
            .lock()
            .unwrap()
            .insert((input.feature_group_name, id), record);
        Ok(())
    }

    async fn get_record(
        &self,
        input: GetRecordRequest,
        _request: &http::request::Parts,
    ) -> Result<GetRecordResponse, GetRecordError> {
        let id = input.record_identifier_value_as_string.unwrap_or_default();
        match self.get(
            &input.feature_group_name,
            &id,
            input.feature_names.as_deref(),
        ) {
            Some(record) => Ok(GetRecordResponse {
                record: Some(record),
                expires_at: None,
            }),
            None => Err(GetRecordError::ResourceNotFound(ResourceNotFound {
                message: Some(format!(
                    "no record {id} in feature group {}",
                    input.feature_group_name
                )),
            })),
        }
    }

    async fn batch_get_record(
        &self,
        input: BatchGetRecordRequest,
        _request: &http::request::Parts,
    ) -> Result<BatchGetRecordResponse, BatchGetRecordError2> {
        let mut found = Vec::new();
        let mut errors = Vec::new();
        for identifier in input.identifiers.unwrap_or_default() {
            let group = identifier.feature_group_name.unwrap_or_default();
            let names = identifier.feature_names.as_deref();
            for id in identifier
                .record_identifiers_value_as_string
                .unwrap_or_default()
            {
                match self.get(&group, &id, names) {
                    Some(record) => found.push(BatchGetRecordResultDetail {
                        feature_group_name: Some(group.clone()),
                        record_identifier_value_as_string: Some(id),
                        record: Some(record),
                        expires_at: None,
                    }),
                    None => errors.push(BatchGetRecordError {
                        feature_group_name: Some(group.clone()),
                        record_identifier_value_as_string: Some(id),
                        error_code: Some("ResourceNotFound".to_owned()),
                        error_message: Some("no such record".to_owned()),
                    }),
                }
            }
        }
        Ok(BatchGetRecordResponse {
            records: Some(found),
            errors: Some(errors),
            unprocessed_identifiers: Some(Vec::new()),
        })
    }

    async fn delete_record(
        &self,
        input: DeleteRecordRequest,
        _request: &http::request::Parts,
    ) -> Result<(), DeleteRecordError> {
        let id = input.record_identifier_value_as_string.unwrap_or_default();
        // Deleting a record that is not there succeeds, as the service's own does.
        self.records
            .lock()
            .unwrap()
            .remove(&(input.feature_group_name, id));
        Ok(())
    }
}
