//! A restJson1 service without operations (`fixtures/no_operations.json`): its crate builds
//! warning-free, and its server answers every request as an unknown operation.

use fixture_no_operations::http::RequestRejection;
use fixture_no_operations::server::{Operation, route};

#[test]
fn every_request_is_an_unknown_operation() {
    assert!(Operation::ALL.is_empty());
    let request = http::Request::builder().uri("/anything").body(()).unwrap();
    assert_eq!(route(&request), Err(RequestRejection::NotFound));
    assert_eq!(route(&request).unwrap_err().to_response().status(), 404);
}
