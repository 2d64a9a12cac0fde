"""boto3 against our generated servers: a scripted session per service, every answer checked.

Run by `cargo xtask real-clients`, which starts the servers and passes their URLs:

    python boto3_session.py SQS_URL FEATURESTORE_URL

Every request is SigV4-signed with dummy credentials (the servers accept any: checking them is
a layer's business). Prints one line per step; exits non-zero at the first step that fails.
"""

import sys
import urllib.error
import urllib.request

import boto3
import botocore.config
from botocore.exceptions import ClientError

STEPS = 0


def step(text):
    global STEPS
    STEPS += 1
    print(f"  ok  {text}", flush=True)


def client(service, url):
    return boto3.client(
        service,
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        # One attempt: a retried failure would hide what the server answered first.
        config=botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}),
    )


def error_of(call, *args, **kwargs):
    """The ClientError a call raises (fails when it succeeds)."""
    try:
        call(*args, **kwargs)
    except ClientError as error:
        return error
    raise AssertionError(f"{call.__name__} succeeded where it should fail")


def sqs_session(url):
    sqs = client("sqs", url)
    print(f"sqs at {url} (awsJson1_0, @awsQueryCompatible)")

    orders = sqs.create_queue(QueueName="orders", Attributes={"VisibilityTimeout": "30"})["QueueUrl"]
    assert orders == f"{url}/123456789012/orders", orders
    again = sqs.create_queue(QueueName="orders", Attributes={"VisibilityTimeout": "30"})["QueueUrl"]
    assert again == orders
    sqs.create_queue(QueueName="returns")
    sqs.create_queue(QueueName="other")
    step("CreateQueue: three queues, the same URL when asked twice")

    error = error_of(sqs.create_queue, QueueName="orders", Attributes={"VisibilityTimeout": "60"})
    assert error.response["Error"]["Code"] == "QueueAlreadyExists", error.response
    assert isinstance(error, sqs.exceptions.QueueNameExists), type(error)
    step("CreateQueue with other attributes: QueueNameExists, by its awsQuery code QueueAlreadyExists")

    assert sqs.get_queue_url(QueueName="orders")["QueueUrl"] == orders
    step("GetQueueUrl")

    pages = list(sqs.get_paginator("list_queues").paginate(PaginationConfig={"PageSize": 1}))
    urls = [u for page in pages for u in page.get("QueueUrls", [])]
    assert [u.rsplit("/", 1)[1] for u in urls] == ["orders", "other", "returns"], urls
    assert len(pages) == 3, pages
    prefixed = sqs.list_queues(QueueNamePrefix="o")["QueueUrls"]
    assert [u.rsplit("/", 1)[1] for u in prefixed] == ["orders", "other"], prefixed
    step("ListQueues: the paginator walks three pages of one; a prefix filters")

    bodies = ["first", "zweite Nachricht: äöü", "third 🌍 with a \"quote\" and a\nnewline"]
    ids = []
    for body in bodies:
        # botocore checks MD5OfMessageBody against what it sent.
        sent = sqs.send_message(QueueUrl=orders, MessageBody=body)
        ids.append(sent["MessageId"])
    step("SendMessage: three messages, each MD5 checked by botocore")

    attributes = sqs.get_queue_attributes(QueueUrl=orders, AttributeNames=["All"])["Attributes"]
    assert attributes["ApproximateNumberOfMessages"] == "3", attributes
    assert attributes["VisibilityTimeout"] == "30", attributes
    step("GetQueueAttributes: a map keyed by an enum")

    received = sqs.receive_message(QueueUrl=orders, MaxNumberOfMessages=10, WaitTimeSeconds=0)
    messages = received["Messages"]
    assert [m["Body"] for m in messages] == bodies, messages
    assert [m["MessageId"] for m in messages] == ids, messages
    step("ReceiveMessage: the bodies as sent, in order, each MD5 checked by botocore")

    for message in messages:
        sqs.delete_message(QueueUrl=orders, ReceiptHandle=message["ReceiptHandle"])
    assert not sqs.receive_message(QueueUrl=orders).get("Messages"), "the queue should be empty"
    step("DeleteMessage: each one; the queue is then empty")

    error = error_of(sqs.delete_message, QueueUrl=orders, ReceiptHandle="nope")
    assert error.response["Error"]["Code"] == "ReceiptHandleIsInvalid", error.response
    step("DeleteMessage with a receipt nobody was given: ReceiptHandleIsInvalid")

    error = error_of(sqs.get_queue_url, QueueName="missing")
    assert isinstance(error, sqs.exceptions.QueueDoesNotExist), type(error)
    assert error.response["Error"]["Code"] == "AWS.SimpleQueueService.NonExistentQueue", error.response
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400, error.response
    assert "missing" in error.response["Error"]["Message"], error.response
    step("GetQueueUrl of a missing queue: QueueDoesNotExist, by its awsQuery code, with the message")

    error = error_of(sqs.purge_queue, QueueUrl=orders)
    assert error.response["Error"]["Code"] == "AWS.SimpleQueueService.UnsupportedOperation", error.response
    step("PurgeQueue (not served here): the modeled UnsupportedOperation")

    sqs.delete_queue(QueueUrl=orders)
    error = error_of(sqs.send_message, QueueUrl=orders, MessageBody="late")
    assert isinstance(error, sqs.exceptions.QueueDoesNotExist), type(error)
    step("DeleteQueue, then SendMessage to it: QueueDoesNotExist")


def featurestore_session(url):
    store = client("sagemaker-featurestore-runtime", url)
    print(f"sagemaker-featurestore-runtime at {url} (restJson1)")

    ana = [
        {"FeatureName": "id", "ValueAsString": "c-1"},
        {"FeatureName": "name", "ValueAsString": "Ana Müller"},
        {"FeatureName": "tags", "ValueAsStringList": ["gold", "early adopter"]},
    ]
    store.put_record(FeatureGroupName="customers", Record=ana)
    store.put_record(FeatureGroupName="customers", Record=[{"FeatureName": "id", "ValueAsString": "c/2 & more"}])
    step("PutRecord (PUT, a label and a JSON body): two records")

    record = store.get_record(FeatureGroupName="customers", RecordIdentifierValueAsString="c-1")["Record"]
    assert record == ana, record
    picked = store.get_record(
        FeatureGroupName="customers", RecordIdentifierValueAsString="c-1", FeatureNames=["id", "tags"]
    )["Record"]
    assert [f["FeatureName"] for f in picked] == ["id", "tags"], picked
    odd = store.get_record(FeatureGroupName="customers", RecordIdentifierValueAsString="c/2 & more")["Record"]
    assert odd[0]["ValueAsString"] == "c/2 & more", odd
    step("GetRecord (GET, query strings, a repeated query list, percent-encoded values)")

    batch = store.batch_get_record(
        Identifiers=[{"FeatureGroupName": "customers", "RecordIdentifiersValueAsString": ["c-1", "c-9"]}]
    )
    assert [r["RecordIdentifierValueAsString"] for r in batch["Records"]] == ["c-1"], batch
    assert [e["RecordIdentifierValueAsString"] for e in batch["Errors"]] == ["c-9"], batch
    step("BatchGetRecord (POST): one record found, one error entry")

    store.delete_record(
        FeatureGroupName="customers", RecordIdentifierValueAsString="c-1", EventTime="2026-12-07T10:00:00Z"
    )
    error = error_of(store.get_record, FeatureGroupName="customers", RecordIdentifierValueAsString="c-1")
    assert isinstance(error, store.exceptions.ResourceNotFound), type(error)
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 404, error.response
    assert "c-1" in error.response["Error"]["Message"], error.response
    step("DeleteRecord (DELETE), then GetRecord: ResourceNotFound, 404, with the message")

    error = error_of(store.get_record, FeatureGroupName="not a name!", RecordIdentifierValueAsString="c-1")
    assert error.response["Error"]["Code"] == "ValidationException", error.response
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400, error.response
    assert "FeatureGroupName" in error.response["Error"]["Message"], error.response
    step("GetRecord of a group name outside the model's pattern: ValidationException before the handler")

    # Not boto3: the same path with a method no operation takes.
    request = urllib.request.Request(f"{url}/FeatureGroup/customers", method="POST", data=b"{}")
    try:
        urllib.request.urlopen(request, timeout=10)
        raise AssertionError("POST /FeatureGroup/customers succeeded")
    except urllib.error.HTTPError as error:
        assert error.code == 405, error.code
        assert error.headers["Allow"] == "DELETE, GET, PUT", error.headers["Allow"]
    step("POST to the path of PutRecord, GetRecord and DeleteRecord: 405, Allow: DELETE, GET, PUT")


def main():
    sqs_url, featurestore_url = sys.argv[1], sys.argv[2]
    print(f"boto3 {boto3.__version__}")
    sqs_session(sqs_url)
    featurestore_session(featurestore_url)
    print(f"{STEPS} steps passed")


if __name__ == "__main__":
    main()
