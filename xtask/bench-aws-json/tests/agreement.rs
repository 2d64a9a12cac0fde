//! Both sides read the sample `ReceiveMessage` response and build the sample `SendMessage`
//! request the same way, so the benchmark compares like with like.

use bench_aws_json::samples::*;
use bench_aws_json::*;

#[test]
fn receive_message_responses_agree() {
    let ours = ours_parse_receive_message(&receive_message_response())
        .expect("ours reads the sample")
        .expect("ours has messages");
    let sdk = sdk_parse_receive_message(&sdk_receive_message_response())
        .expect("the SDK reads the sample")
        .expect("the SDK has messages");
    assert_eq!(ours.len(), MESSAGES);
    assert_eq!(sdk.len(), MESSAGES);
    for (i, (o, s)) in ours.iter().zip(&sdk).enumerate() {
        assert_eq!(o.message_id, s.message_id, "message {i}: MessageId");
        assert_eq!(
            o.receipt_handle, s.receipt_handle,
            "message {i}: ReceiptHandle"
        );
        assert_eq!(o.body, s.body, "message {i}: Body");
        assert_eq!(
            o.body.as_deref(),
            Some(message_body(i).as_str()),
            "message {i}: Body"
        );
        let count = |r: &Received| r.attributes.as_ref().map(|a| a.len());
        assert_eq!(count(o), Some(4), "message {i}: Attributes");
        assert_eq!(count(s), Some(4), "message {i}: Attributes");
        let count = |r: &Received| r.message_attributes.as_ref().map(|a| a.len());
        assert_eq!(count(o), Some(2), "message {i}: MessageAttributes");
        assert_eq!(count(s), Some(2), "message {i}: MessageAttributes");
        // And every other member, value for value.
        assert_eq!(o, s, "message {i}");
    }
}

#[test]
fn send_message_requests_agree() {
    let ours = ours_send_message_request().expect("ours builds the request");
    let sdk = sdk_send_message_request().expect("the SDK builds the request");
    assert_eq!(ours.method, "POST");
    assert_eq!(sdk.method, "POST");
    assert_eq!(ours.uri, "/");
    assert_eq!(sdk.uri, "/");
    let target = |c: &HttpCall| {
        c.headers
            .iter()
            .find(|(k, _)| k == "x-amz-target")
            .map(|(_, v)| v.clone())
    };
    assert_eq!(target(&ours).as_deref(), Some("AmazonSQS.SendMessage"));
    assert_eq!(target(&sdk).as_deref(), Some("AmazonSQS.SendMessage"));
    assert_eq!(ours.body, sdk.body, "JSON bodies");
    // Every header (Content-Type, X-Amz-Target, x-amzn-query-mode, Content-Length), and so the
    // whole request.
    assert_eq!(ours, sdk);
}

/// The body both sides send, spelled out.
#[test]
fn send_message_body() {
    let ours = ours_send_message_request().unwrap();
    assert_eq!(
        ours.body,
        serde_json::json!({
            "QueueUrl": QUEUE_URL,
            "MessageBody": MESSAGE_BODY,
            "DelaySeconds": DELAY_SECONDS,
            "MessageAttributes": {
                "EventType": { "DataType": "String", "StringValue": "order.created" },
                "TenantId": { "DataType": "String", "StringValue": "tenant-042" },
            },
        })
    );
}
