//! `httpMalformedRequestTests` cases as server tests: the request goes through
//! `Operation::parse_request` and through the crate's whole server, and both answers (the
//! rejection's `to_response()`, the server's response) must have the expected status, headers
//! and body (compared by value in its format, JSON or CBOR, or its `message` matched against
//! `messageRegex`). A CBOR request body, written in base64, is sent as the bytes it encodes. `testParameters` expand each case into one test per parameter set.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::text;

/// `testParameters` as one map per case (`None`: the case has no parameters).
pub(super) fn parameter_sets(
    case: &serde_json::Map<String, Value>,
) -> Vec<Option<BTreeMap<String, String>>> {
    let Some(params) = case.get("testParameters").and_then(Value::as_object) else {
        return vec![None];
    };
    let count = params
        .values()
        .filter_map(Value::as_array)
        .map(Vec::len)
        .max()
        .unwrap_or(0);
    (0..count)
        .map(|i| {
            Some(
                params
                    .iter()
                    .filter_map(|(k, v)| {
                        let value = v.as_array()?.get(i)?.as_str()?;
                        Some((k.clone(), value.to_owned()))
                    })
                    .collect(),
            )
        })
        .collect()
}

/// Substitutes `$name:L` (the value) and `$name:S` (the value as a quoted string literal) when
/// the case has parameters, and `$$` (a dollar) always, as Smithy's CodeWriter does (the
/// suite writes `$$` in cases without parameters too).
pub(super) fn substitute(s: &str, params: Option<&BTreeMap<String, String>>) -> String {
    let none = BTreeMap::new();
    let params = params.unwrap_or(&none);
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
            continue;
        }
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let (name, after) = rest.split_at(end);
        match (
            params.get(name),
            after.strip_prefix(":L"),
            after.strip_prefix(":S"),
        ) {
            (Some(v), Some(after), _) => {
                out.push_str(v);
                rest = after;
            }
            (Some(v), None, Some(after)) => {
                out.push_str(&Value::String(v.clone()).to_string());
                rest = after;
            }
            _ => out.push('$'),
        }
    }
    out.push_str(rest);
    out
}

fn string_map(
    v: Option<&Value>,
    params: Option<&BTreeMap<String, String>>,
) -> Vec<(String, String)> {
    v.and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((substitute(k, params), substitute(v.as_str()?, params))))
        .collect()
}

/// The body of the `#[test]` for one malformed-request case.
pub(super) fn malformed_test(
    operation: &TokenStream,
    case: &serde_json::Map<String, Value>,
    params: Option<&BTreeMap<String, String>>,
) -> Result<TokenStream, String> {
    let request = case
        .get("request")
        .and_then(Value::as_object)
        .ok_or("no `request`")?;
    let response = case
        .get("response")
        .and_then(Value::as_object)
        .ok_or("no `response`")?;
    let method = substitute(
        &text(request.get("method")).ok_or("no request `method`")?,
        params,
    );
    let mut uri = substitute(&text(request.get("uri")).ok_or("no request `uri`")?, params);
    let query: Vec<String> = request
        .get("queryParams")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|q| substitute(q, params))
        .collect();
    if !query.is_empty() {
        uri.push('?');
        uri.push_str(&query.join("&"));
    }
    let headers = string_map(request.get("headers"), params)
        .into_iter()
        .map(|(k, v)| quote!(.header(#k, #v)));
    // A CBOR body is written in base64: the request carries the bytes it encodes.
    let body_media_type = text(request.get("bodyMediaType")).unwrap_or_default();
    let body = text(request.get("body")).map(|b| substitute(&b, params));
    let body = super::http_case::body_bytes(body.as_deref(), &body_media_type)?;
    let code = response
        .get("code")
        .and_then(Value::as_u64)
        .and_then(|c| u16::try_from(c).ok())
        .ok_or("no response `code`")?;
    let expected_headers = string_map(response.get("headers"), params)
        .into_iter()
        .map(|(k, v)| {
            quote! {
                assert_eq!(
                    response.headers().get(#k).and_then(|v| v.to_str().ok()),
                    Some(#v),
                    "header {}", #k
                );
            }
        });
    let response_body = response.get("body");
    let media_type = text(response_body.and_then(|b| b.get("mediaType")))
        .unwrap_or_else(|| "application/json".to_owned());
    let cbor = media_type == "application/cbor";
    let body_check = match response_body
        .and_then(|b| b.get("assertion"))
        .and_then(Value::as_object)
    {
        None => quote!(),
        Some(a) => match (text(a.get("contents")), text(a.get("messageRegex"))) {
            // Compared by value in the body's format (CBOR contents are written in base64).
            (Some(contents), _) => {
                let contents = substitute(&contents, params);
                quote!(check_body(response.body(), #contents, #media_type);)
            }
            (None, Some(regex)) if cbor => {
                let regex = substitute(&regex, params);
                quote!(assert_cbor_message(response.body(), #regex);)
            }
            (None, Some(regex)) => {
                let regex = substitute(&regex, params);
                quote!(assert_message(response.body(), #regex);)
            }
            (None, None) => {
                return Err("a body assertion without `contents` or `messageRegex`".into());
            }
        },
    };
    // The same answer from `parse_request` alone and from the crate's whole server, which
    // must not call the handler.
    Ok(quote! {
        let request = || ::http::Request::builder()
            .method(#method)
            .uri(#uri)
            #(#headers)*
            .body(#body.to_vec())
            .expect("the case's request is a valid HTTP request");
        let direct = match #operation::parse_request(&request()) {
            Ok(input) => panic!("the server accepted the malformed request: {input:?}"),
            Err(rejection) => rejection.to_response(),
        };
        let (kept, served) = serve(request());
        assert!(kept.is_none(), "the service called the handler with a malformed request");
        for response in [direct, served] {
            assert_eq!(response.status().as_u16(), #code, "{:?}", String::from_utf8_lossy(response.body()));
            #(#expected_headers)*
            #body_check
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_substitute_as_codewriter_does() {
        let params = BTreeMap::from([("value".to_owned(), "a\"b".to_owned())]);
        assert_eq!(substitute("x $value:L y", Some(&params)), "x a\"b y");
        assert_eq!(
            substitute("{\"k\": $value:S}", Some(&params)),
            "{\"k\": \"a\\\"b\"}"
        );
        assert_eq!(substitute("$$1 $other:L", Some(&params)), "$1 $other:L");
        assert_eq!(substitute("$$1 $value:L", None), "$1 $value:L");
    }
}
