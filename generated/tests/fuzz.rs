//! Bad wire input never panics: the response and request parsers get random bytes and random
//! mutations of valid messages. `FUZZ_ITERATIONS` scales the run (default 20,000 per target).

use customer_profiles::error::GetWorkflowError;
use customer_profiles::operation::GetWorkflow;

const VALID_BODIES: &[&str] = &[
    r#"{"Attributes":{"AppflowIntegration":{"ConnectorProfileName":"p","RoleArn":"r","SourceConnectorType":"Salesforce"}},"ErrorDescription":"e","LastUpdatedAt":1700000123.456,"Metrics":{"AppflowIntegration":{"RecordsProcessed":1,"StepsCompleted":2,"TotalSteps":3}},"StartDate":1700000000,"Status":"COMPLETE","WorkflowId":"0123456789abcdef0123456789abcdef","WorkflowType":"APPFLOW_INTEGRATION"}"#,
    r#"{"__type":"com.amazonaws.customerprofiles#ThrottlingException","Message":"slow"}"#,
    r#"{"code":"ResourceNotFoundException","message":"gone"}"#,
];

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn iterations() -> usize {
    std::env::var("FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000)
}

/// Random bytes, or a valid message with bytes flipped, inserted, removed or truncated.
fn mutate(rng: &mut Rng, seeds: &[&[u8]]) -> Vec<u8> {
    const INTERESTING: &[&[u8]] = &[
        b"null",
        b"-1e400",
        b"\"",
        b"{",
        b"}",
        b"[",
        b"\\u0000",
        b"1e309",
        b"\xff",
        b"\xc3",
        b"\"\xf0\x9f\x98\x80\"",
    ];
    if rng.below(8) == 0 {
        return (0..rng.below(64)).map(|_| rng.next() as u8).collect();
    }
    let mut data = seeds[rng.below(seeds.len())].to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = if data.is_empty() {
            0
        } else {
            rng.below(data.len())
        };
        match rng.below(5) {
            0 if !data.is_empty() => data[at] = rng.next() as u8,
            1 => data
                .splice(
                    at..at,
                    INTERESTING[rng.below(INTERESTING.len())].iter().copied(),
                )
                .for_each(drop),
            2 if !data.is_empty() => {
                data.remove(at);
            }
            3 => data.truncate(at),
            _ => data.insert(at, b"0123456789.eE-+\"{}[],:"[rng.below(22)]),
        }
    }
    data
}

#[test]
fn response_parser_never_panics() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let seeds: Vec<&[u8]> = VALID_BODIES.iter().map(|s| s.as_bytes()).collect();
    let codes = [
        "",
        "ThrottlingException",
        "aws#BadRequestException:http://x",
        "Nope",
        "\u{0}",
    ];
    let mut parsed = 0;
    for _ in 0..iterations() {
        let body = mutate(&mut rng, &seeds);
        let status = [200, 204, 400, 404, 429, 500][rng.below(6)];
        let mut response = http::Response::new(body.clone());
        *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
        if rng.below(2) == 0
            && let Ok(v) = http::HeaderValue::from_str(codes[rng.below(codes.len())])
        {
            response.headers_mut().insert("x-amzn-errortype", v);
        }
        if GetWorkflow::parse_response(&response).is_ok() {
            parsed += 1;
        }
        let _ = GetWorkflowError::from_response(codes[rng.below(codes.len())], status, &body);
    }
    // The mutations keep some inputs valid: the parser is exercised past the first byte.
    assert!(parsed > 0);
}

#[test]
fn request_parser_never_panics() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let seeds: &[&[u8]] = &[
        b"/domains/my-domain/workflows/0123456789abcdef0123456789abcdef",
        b"/domains/a%20b/workflows/%C3%A9",
        b"/domains/d/workflows/x?y=%zz&&=",
    ];
    let mut accepted = 0;
    for _ in 0..iterations() {
        let raw = mutate(&mut rng, seeds);
        let Ok(uri) = http::Uri::try_from(raw.as_slice()) else {
            continue;
        };
        let body = mutate(&mut rng, &[b"", b"{}"]);
        let request = http::Request::builder()
            .method("GET")
            .uri(uri)
            .body(body)
            .unwrap();
        match GetWorkflow::parse_request(&request) {
            Ok(_) => accepted += 1,
            Err(rejection) => {
                let _ = rejection.to_response();
            }
        }
    }
    assert!(accepted > 0);
}
