//! Both sides answer each benchmark request alike (status, error type, content type, body as
//! JSON), and the router's request mix covers every operation of the full model.

use std::collections::BTreeSet;

use bench_server::samples::Case;
use bench_server::{call, full, hand, ours};

fn json(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body).expect("a JSON body")
}

#[test]
fn both_sides_answer_alike() {
    let ours = ours::service();
    let hand = hand::service();
    for case in Case::ALL {
        let (our_head, our_body) = call(&ours, case.request());
        let (hand_head, hand_body) = call(&hand, case.request());
        assert_eq!(our_head.status.as_u16(), case.status(), "{case:?}");
        assert_eq!(hand_head.status, our_head.status, "{case:?}");
        for header in ["x-amzn-errortype", "content-type"] {
            assert_eq!(
                hand_head.headers.get(header),
                our_head.headers.get(header),
                "{case:?}: {header}"
            );
        }
        assert_eq!(json(&hand_body), json(&our_body), "{case:?}");
    }
}

#[test]
fn the_success_body_is_the_full_response() {
    let (_, body) = call(&ours::service(), Case::Success.request());
    let body = json(&body);
    assert_eq!(body["StartDate"], 1_700_000_000);
    assert_eq!(
        body["Attributes"]["AppflowIntegration"]["SourceConnectorType"],
        "Salesforce"
    );
    assert_eq!(body["Metrics"]["AppflowIntegration"]["TotalSteps"], 5);
}

#[test]
fn the_mix_routes_every_operation_to_itself() {
    use customer_profiles_full::server::{Operation, route};
    let requests = full::requests();
    let covered: BTreeSet<Operation> = requests.iter().map(|(op, _)| *op).collect();
    let all: BTreeSet<Operation> = Operation::ALL.iter().copied().collect();
    assert_eq!(
        covered, all,
        "the mix must cover every operation of the model"
    );
    assert_eq!(requests.len(), Operation::ALL.len());
    for (operation, request) in &requests {
        assert_eq!(
            route(request),
            Ok(*operation),
            "{} {}",
            request.method(),
            request.uri()
        );
    }
}
