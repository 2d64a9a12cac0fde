//! An in-memory SQS: queues by name, messages in order, a received message hidden until it is
//! deleted (no visibility timeout). The operations a session does not need answer SQS's own
//! `UnsupportedOperation` error.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Mutex;

use sqs::error::{
    AddPermissionError, CancelMessageMoveTaskError, ChangeMessageVisibilityBatchError,
    ChangeMessageVisibilityError, CreateQueueError, DeleteMessageBatchError, DeleteMessageError,
    DeleteQueueError, GetQueueAttributesError, GetQueueUrlError, ListDeadLetterSourceQueuesError,
    ListMessageMoveTasksError, ListQueueTagsError, ListQueuesError, PurgeQueueError,
    QueueDoesNotExist, QueueNameExists, ReceiptHandleIsInvalid, ReceiveMessageError,
    RemovePermissionError, SendMessageBatchError, SendMessageError, SetQueueAttributesError,
    StartMessageMoveTaskError, TagQueueError, UnsupportedOperation, UntagQueueError,
};
use sqs::server::Handlers;
use sqs::types::*;

/// The account every queue URL names.
const ACCOUNT: &str = "123456789012";

#[derive(Default)]
pub struct Queues {
    queues: Mutex<BTreeMap<String, Queue>>,
}

#[derive(Default)]
struct Queue {
    attributes: HashMap<QueueAttributeName, String>,
    /// Messages not yet received.
    ready: VecDeque<Stored>,
    /// Received, not yet deleted, by receipt handle.
    in_flight: HashMap<String, Stored>,
    sent: u64,
    receipts: u64,
}

struct Stored {
    id: String,
    body: String,
}

/// `http://HOST/ACCOUNT/NAME`, with the host the client called.
fn queue_url(request: &http::request::Parts, name: &str) -> String {
    let host = request
        .headers
        .get(http::header::HOST)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}/{ACCOUNT}/{name}")
}

/// The queue name a queue URL ends with.
fn queue_name(url: &str) -> &str {
    url.rsplit('/').next().unwrap_or_default()
}

fn no_queue(url: &str) -> QueueDoesNotExist {
    QueueDoesNotExist {
        message: Some(format!("no queue at {url}")),
    }
}

/// The answer of an operation this server does not implement.
macro_rules! not_served {
    ($($method:ident($input:ty) -> Result<$output:ty, $error:ident>;)*) => {$(
        async fn $method(
            &self,
            _input: $input,
            _request: &http::request::Parts,
        ) -> Result<$output, $error> {
            Err($error::UnsupportedOperation(UnsupportedOperation {
                message: Some(concat!(stringify!($method), " is not served here").to_owned()),
            }))
        }
    )*};
}

impl Handlers for Queues {
    async fn create_queue(
        &self,
        input: CreateQueueRequest,
        request: &http::request::Parts,
    ) -> Result<CreateQueueResult, CreateQueueError> {
        let mut queues = self.queues.lock().unwrap();
        let attributes = input.attributes.unwrap_or_default();
        if let Some(queue) = queues.get(&input.queue_name) {
            // SQS creates nothing and answers the URL when the attributes agree.
            if queue.attributes != attributes {
                return Err(CreateQueueError::QueueNameExists(QueueNameExists {
                    message: Some("a queue of that name has other attributes".to_owned()),
                }));
            }
        } else {
            let queue = Queue {
                attributes,
                ..Queue::default()
            };
            queues.insert(input.queue_name.clone(), queue);
        }
        Ok(CreateQueueResult {
            queue_url: Some(queue_url(request, &input.queue_name)),
        })
    }

    async fn get_queue_url(
        &self,
        input: GetQueueUrlRequest,
        request: &http::request::Parts,
    ) -> Result<GetQueueUrlResult, GetQueueUrlError> {
        if !self.queues.lock().unwrap().contains_key(&input.queue_name) {
            return Err(GetQueueUrlError::QueueDoesNotExist(no_queue(
                &input.queue_name,
            )));
        }
        Ok(GetQueueUrlResult {
            queue_url: Some(queue_url(request, &input.queue_name)),
        })
    }

    /// Pages of `MaxResults` names (all when unset); the token is the last name returned.
    async fn list_queues(
        &self,
        input: ListQueuesRequest,
        request: &http::request::Parts,
    ) -> Result<ListQueuesResult, ListQueuesError> {
        let queues = self.queues.lock().unwrap();
        let prefix = input.queue_name_prefix.unwrap_or_default();
        let page = usize::try_from(input.max_results.unwrap_or(1000)).unwrap_or(1000);
        let names: Vec<&String> = queues
            .keys()
            .filter(|name| name.starts_with(&prefix))
            .filter(|name| input.next_token.as_ref().is_none_or(|after| *name > after))
            .collect();
        let more = names.len() > page;
        let names = &names[..names.len().min(page)];
        Ok(ListQueuesResult {
            queue_urls: Some(names.iter().map(|name| queue_url(request, name)).collect()),
            next_token: names.last().filter(|_| more).map(|name| (*name).clone()),
        })
    }

    async fn send_message(
        &self,
        input: SendMessageRequest,
        _request: &http::request::Parts,
    ) -> Result<SendMessageResult, SendMessageError> {
        let mut queues = self.queues.lock().unwrap();
        let Some(queue) = queues.get_mut(queue_name(&input.queue_url)) else {
            return Err(SendMessageError::QueueDoesNotExist(no_queue(
                &input.queue_url,
            )));
        };
        queue.sent += 1;
        let id = format!("00000000-0000-4000-8000-{:012}", queue.sent);
        let result = SendMessageResult {
            md5_of_message_body: Some(crate::md5_hex(&input.message_body)),
            message_id: Some(id.clone()),
            ..SendMessageResult::default()
        };
        queue.ready.push_back(Stored {
            id,
            body: input.message_body,
        });
        Ok(result)
    }

    async fn receive_message(
        &self,
        input: ReceiveMessageRequest,
        _request: &http::request::Parts,
    ) -> Result<ReceiveMessageResult, ReceiveMessageError> {
        let mut queues = self.queues.lock().unwrap();
        let Some(queue) = queues.get_mut(queue_name(&input.queue_url)) else {
            return Err(ReceiveMessageError::QueueDoesNotExist(no_queue(
                &input.queue_url,
            )));
        };
        let wanted = usize::try_from(input.max_number_of_messages.unwrap_or(1)).unwrap_or(1);
        let mut messages = Vec::new();
        while messages.len() < wanted {
            let Some(stored) = queue.ready.pop_front() else {
                break;
            };
            queue.receipts += 1;
            let receipt = format!("{}#{}", stored.id, queue.receipts);
            messages.push(Message {
                message_id: Some(stored.id.clone()),
                receipt_handle: Some(receipt.clone()),
                md5_of_body: Some(crate::md5_hex(&stored.body)),
                body: Some(stored.body.clone()),
                ..Message::default()
            });
            queue.in_flight.insert(receipt, stored);
        }
        Ok(ReceiveMessageResult {
            messages: Some(messages),
        })
    }

    async fn delete_message(
        &self,
        input: DeleteMessageRequest,
        _request: &http::request::Parts,
    ) -> Result<(), DeleteMessageError> {
        let mut queues = self.queues.lock().unwrap();
        let Some(queue) = queues.get_mut(queue_name(&input.queue_url)) else {
            return Err(DeleteMessageError::QueueDoesNotExist(no_queue(
                &input.queue_url,
            )));
        };
        match queue.in_flight.remove(&input.receipt_handle) {
            Some(_) => Ok(()),
            None => Err(DeleteMessageError::ReceiptHandleIsInvalid(
                ReceiptHandleIsInvalid {
                    message: Some(format!("no message has receipt {}", input.receipt_handle)),
                },
            )),
        }
    }

    async fn delete_queue(
        &self,
        input: DeleteQueueRequest,
        _request: &http::request::Parts,
    ) -> Result<(), DeleteQueueError> {
        match self
            .queues
            .lock()
            .unwrap()
            .remove(queue_name(&input.queue_url))
        {
            Some(_) => Ok(()),
            None => Err(DeleteQueueError::QueueDoesNotExist(no_queue(
                &input.queue_url,
            ))),
        }
    }

    async fn get_queue_attributes(
        &self,
        input: GetQueueAttributesRequest,
        _request: &http::request::Parts,
    ) -> Result<GetQueueAttributesResult, GetQueueAttributesError> {
        let queues = self.queues.lock().unwrap();
        let Some(queue) = queues.get(queue_name(&input.queue_url)) else {
            return Err(GetQueueAttributesError::QueueDoesNotExist(no_queue(
                &input.queue_url,
            )));
        };
        let mut attributes = queue.attributes.clone();
        attributes.insert(
            QueueAttributeName::ApproximateNumberOfMessages,
            queue.ready.len().to_string(),
        );
        attributes.insert(
            QueueAttributeName::ApproximateNumberOfMessagesNotVisible,
            queue.in_flight.len().to_string(),
        );
        let names = input.attribute_names.unwrap_or_default();
        if !names.contains(&QueueAttributeName::All) {
            attributes.retain(|name, _| names.contains(name));
        }
        Ok(GetQueueAttributesResult {
            attributes: Some(attributes),
        })
    }

    not_served! {
        add_permission(AddPermissionRequest) -> Result<(), AddPermissionError>;
        cancel_message_move_task(CancelMessageMoveTaskRequest)
            -> Result<CancelMessageMoveTaskResult, CancelMessageMoveTaskError>;
        change_message_visibility(ChangeMessageVisibilityRequest)
            -> Result<(), ChangeMessageVisibilityError>;
        change_message_visibility_batch(ChangeMessageVisibilityBatchRequest)
            -> Result<ChangeMessageVisibilityBatchResult, ChangeMessageVisibilityBatchError>;
        delete_message_batch(DeleteMessageBatchRequest)
            -> Result<DeleteMessageBatchResult, DeleteMessageBatchError>;
        list_dead_letter_source_queues(ListDeadLetterSourceQueuesRequest)
            -> Result<ListDeadLetterSourceQueuesResult, ListDeadLetterSourceQueuesError>;
        list_message_move_tasks(ListMessageMoveTasksRequest)
            -> Result<ListMessageMoveTasksResult, ListMessageMoveTasksError>;
        list_queue_tags(ListQueueTagsRequest) -> Result<ListQueueTagsResult, ListQueueTagsError>;
        purge_queue(PurgeQueueRequest) -> Result<(), PurgeQueueError>;
        remove_permission(RemovePermissionRequest) -> Result<(), RemovePermissionError>;
        send_message_batch(SendMessageBatchRequest)
            -> Result<SendMessageBatchResult, SendMessageBatchError>;
        set_queue_attributes(SetQueueAttributesRequest) -> Result<(), SetQueueAttributesError>;
        start_message_move_task(StartMessageMoveTaskRequest)
            -> Result<StartMessageMoveTaskResult, StartMessageMoveTaskError>;
        tag_queue(TagQueueRequest) -> Result<(), TagQueueError>;
        untag_queue(UntagQueueRequest) -> Result<(), UntagQueueError>;
    }
}
