//! Property-based agreement between our generated crate and the AWS SDK for Rust: random
//! `GetWorkflow` responses and requests, both sides reduced to `sdk_compare::Parsed` /
//! `sdk_compare::HttpCall`, asserted equal.
//!
//! The `main_*` properties cover what a service really sends. The `edge_*` properties cover
//! inputs where the two may legitimately differ (the Smithy spec leaves room, or the input is
//! not what any service sends); each says what it checks.

use proptest::prelude::*;
use proptest::test_runner::Config;
use sdk_compare::*;

const CASES: u32 = 512;

// ---------------------------------------------------------------------------------------------
// A small JSON writer, so the tests control key order, escapes, spacing and number text.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum J {
    Null,
    Bool(bool),
    /// Number text exactly as written.
    Num(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

/// How strings and spacing are written.
#[derive(Debug, Clone, Copy)]
struct Style {
    /// Write every non-ASCII character as `\uXXXX` (surrogate pairs past the BMP).
    ascii_only: bool,
    /// Write `/` as `\/`.
    escape_slash: bool,
    /// Spaces and newlines between tokens.
    spaced: bool,
}

fn style() -> impl Strategy<Value = Style> {
    (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(ascii_only, escape_slash, spaced)| {
        Style {
            ascii_only,
            escape_slash,
            spaced,
        }
    })
}

fn write_str(out: &mut String, s: &str, st: Style) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' if st.escape_slash => out.push_str("\\/"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (st.ascii_only && !c.is_ascii()) => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write(out: &mut String, j: &J, st: Style) {
    let sp = if st.spaced { " " } else { "" };
    let nl = if st.spaced { "\n  " } else { "" };
    match j {
        J::Null => out.push_str("null"),
        J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        J::Num(n) => out.push_str(n),
        J::Str(s) => write_str(out, s, st),
        J::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                    out.push_str(sp);
                }
                write(out, item, st);
            }
            out.push(']');
        }
        J::Obj(fields) => {
            out.push('{');
            out.push_str(nl);
            for (i, (k, v)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                    out.push_str(nl);
                }
                write_str(out, k, st);
                out.push(':');
                out.push_str(sp);
                write(out, v, st);
            }
            out.push_str(if st.spaced { "\n" } else { "" });
            out.push('}');
        }
    }
}

fn render(j: &J, st: Style) -> String {
    let mut out = String::new();
    write(&mut out, j, st);
    out
}

// ---------------------------------------------------------------------------------------------
// Value strategies
// ---------------------------------------------------------------------------------------------

/// Any text: plain names, or arbitrary Unicode including control characters and astral planes.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z0-9 _/:.-]{0,24}",
        2 => "(?s:.){0,16}",
        1 => Just(String::new()),
    ]
}

fn hex_id() -> impl Strategy<Value = String> {
    "[a-f0-9]{32}"
}

fn enum_value(known: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(known).prop_map(str::to_owned),
        1 => "[A-Z][A-Z_]{0,15}",
        1 => text(),
    ]
}

const WORKFLOW_TYPES: &[&str] = &["APPFLOW_INTEGRATION"];
const STATUSES: &[&str] = &[
    "NOT_STARTED",
    "IN_PROGRESS",
    "COMPLETE",
    "FAILED",
    "SPLIT",
    "RETRY",
    "CANCELLED",
];
const CONNECTORS: &[&str] = &["Salesforce", "Marketo", "Zendesk", "Servicenow", "S3"];

/// Epoch seconds as a JSON number: whole seconds or up to three decimals, 1900 to 2100 (mostly
/// after 1970), sometimes in exponent form.
fn epoch_seconds() -> impl Strategy<Value = String> {
    let secs = prop_oneof![
        8 => 0i64..=4_102_444_800,
        1 => -2_208_988_800i64..0,
    ];
    let frac = prop_oneof![
        3 => Just(String::new()),
        4 => "[0-9]{1,3}",
    ];
    (secs, frac, 0u8..8).prop_map(|(secs, frac, form)| {
        if form == 0 && secs >= 10 {
            // Exponent form: 1700000000.123 as 1.700000000123e9
            let digits = secs.to_string();
            let (first, rest) = digits.split_at(1);
            format!("{first}.{rest}{frac}e{}", digits.len() - 1)
        } else if frac.is_empty() {
            secs.to_string()
        } else if secs < 0 {
            // -5 with fraction .25 is -4.75 seconds when written as "-4.75"; keep the text simple.
            format!("{}.{frac}", secs + 1)
        } else {
            format!("{secs}.{frac}")
        }
    })
}

fn long() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (0i64..1_000_000).prop_map(|n| n.to_string()),
        1 => any::<i64>().prop_map(|n| n.to_string()),
    ]
}

/// Any JSON value, for unknown members.
fn any_json() -> impl Strategy<Value = J> {
    let leaf = prop_oneof![
        Just(J::Null),
        any::<bool>().prop_map(J::Bool),
        any::<i64>().prop_map(|n| J::Num(n.to_string())),
        (-1e6f64..1e6).prop_map(|f| J::Num(format!("{f}"))),
        text().prop_map(J::Str),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(J::Arr),
            proptest::collection::vec(("[A-Za-z_]{1,8}", inner), 0..4).prop_map(J::Obj),
        ]
    })
}

/// Members the model does not know, named so they never collide with `known` (including the
/// error keys the protocol reads).
fn extras(known: &'static [&'static str]) -> impl Strategy<Value = Vec<(String, J)>> {
    const PROTOCOL: &[&str] = &["code", "__type", "message", "Message", "errorMessage"];
    proptest::collection::vec(
        ("[A-Za-z_][A-Za-z0-9_]{0,12}", any_json()).prop_filter("unknown member", |(k, _)| {
            !known.contains(&k.as_str()) && !PROTOCOL.contains(&k.as_str())
        }),
        0..3,
    )
}

/// An object from optional members plus unknown ones, in random order.
fn object(
    members: Vec<Option<(&'static str, J)>>,
    extra: Vec<(String, J)>,
) -> impl Strategy<Value = J> {
    let mut fields: Vec<(String, J)> = members
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    fields.extend(extra);
    Just(fields).prop_shuffle().prop_map(J::Obj)
}

fn opt<S: Strategy<Value = J>>(
    name: &'static str,
    s: S,
) -> impl Strategy<Value = Option<(&'static str, J)>> {
    proptest::option::weighted(0.7, s.prop_map(move |v| (name, v)))
}

/// Where `null` may stand in for a member's value.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Nulls {
    /// Nowhere.
    Never,
    /// For optional members only.
    Optional,
    /// For any member, required ones (inside `AppflowIntegration`) included.
    Any,
}

/// The member's value, or sometimes `null`.
fn maybe_null<S: Strategy<Value = J> + 'static>(
    s: S,
    nulls: Nulls,
    required: bool,
) -> BoxedStrategy<J> {
    match (nulls, required) {
        (Nulls::Never, _) | (Nulls::Optional, true) => s.boxed(),
        _ => prop_oneof![3 => s, 1 => Just(J::Null)].boxed(),
    }
}

fn appflow_attributes(nulls: Nulls) -> impl Strategy<Value = J> {
    const KNOWN: &[&str] = &["SourceConnectorType", "ConnectorProfileName", "RoleArn"];
    (
        opt(
            "SourceConnectorType",
            maybe_null(enum_value(CONNECTORS).prop_map(J::Str), nulls, true),
        ),
        opt(
            "ConnectorProfileName",
            maybe_null(text().prop_map(J::Str), nulls, true),
        ),
        opt("RoleArn", maybe_null(text().prop_map(J::Str), nulls, false)),
        extras(KNOWN),
    )
        .prop_flat_map(|(a, b, c, x)| object(vec![a, b, c], x))
}

fn appflow_metrics(nulls: Nulls) -> impl Strategy<Value = J> {
    const KNOWN: &[&str] = &["RecordsProcessed", "StepsCompleted", "TotalSteps"];
    (
        opt(
            "RecordsProcessed",
            maybe_null(long().prop_map(J::Num), nulls, true),
        ),
        opt(
            "StepsCompleted",
            maybe_null(long().prop_map(J::Num), nulls, true),
        ),
        opt(
            "TotalSteps",
            maybe_null(long().prop_map(J::Num), nulls, true),
        ),
        extras(KNOWN),
    )
        .prop_flat_map(|(a, b, c, x)| object(vec![a, b, c], x))
}

fn wrapper(inner: impl Strategy<Value = J> + 'static, nulls: Nulls) -> impl Strategy<Value = J> {
    const KNOWN: &[&str] = &["AppflowIntegration"];
    (
        opt("AppflowIntegration", maybe_null(inner, nulls, false)),
        extras(KNOWN),
    )
        .prop_flat_map(|(a, x)| object(vec![a], x))
}

/// A `GetWorkflow` success body: every member optional, unknown enum values and members mixed in.
fn success_body(nulls: Nulls) -> impl Strategy<Value = J> {
    const KNOWN: &[&str] = &[
        "WorkflowId",
        "WorkflowType",
        "Status",
        "ErrorDescription",
        "StartDate",
        "LastUpdatedAt",
        "Attributes",
        "Metrics",
    ];
    let id = prop_oneof![3 => hex_id(), 1 => text()].prop_map(J::Str);
    (
        (
            opt("WorkflowId", maybe_null(id, nulls, false)),
            opt(
                "WorkflowType",
                maybe_null(enum_value(WORKFLOW_TYPES).prop_map(J::Str), nulls, false),
            ),
            opt(
                "Status",
                maybe_null(enum_value(STATUSES).prop_map(J::Str), nulls, false),
            ),
            opt(
                "ErrorDescription",
                maybe_null(text().prop_map(J::Str), nulls, false),
            ),
        ),
        (
            opt(
                "StartDate",
                maybe_null(epoch_seconds().prop_map(J::Num), nulls, false),
            ),
            opt(
                "LastUpdatedAt",
                maybe_null(epoch_seconds().prop_map(J::Num), nulls, false),
            ),
            opt(
                "Attributes",
                maybe_null(wrapper(appflow_attributes(nulls), nulls), nulls, false),
            ),
            opt(
                "Metrics",
                maybe_null(wrapper(appflow_metrics(nulls), nulls), nulls, false),
            ),
        ),
        extras(KNOWN),
    )
        .prop_flat_map(|((a, b, c, d), (e, f, g, h), x)| object(vec![a, b, c, d, e, f, g, h], x))
}

/// What a service puts next to any response.
fn common_headers() -> impl Strategy<Value = Vec<(String, String)>> {
    (any::<bool>(), any::<bool>()).prop_map(|(ct, rid)| {
        let mut h = Vec::new();
        if ct {
            h.push(("content-type".to_owned(), "application/json".to_owned()));
        }
        if rid {
            h.push((
                "x-amzn-requestid".to_owned(),
                "8c1f7a43-7b0e-4f6e-9f2b-3c2d1e0f9a8b".to_owned(),
            ));
        }
        h
    })
}

// ---------------------------------------------------------------------------------------------
// Error responses
// ---------------------------------------------------------------------------------------------

/// Where the error code is.
#[derive(Debug, Clone, Copy)]
enum CodeAt {
    /// `X-Amzn-Errortype`, with the given header name spelling.
    Header(&'static str),
    /// `__type` in the body.
    Type,
    /// `code` in the body.
    Code,
}

fn code_at() -> impl Strategy<Value = CodeAt> {
    prop_oneof![
        Just(CodeAt::Header("x-amzn-errortype")),
        Just(CodeAt::Header("X-Amzn-Errortype")),
        Just(CodeAt::Header("X-AMZN-ERRORTYPE")),
        Just(CodeAt::Type),
        Just(CodeAt::Code),
    ]
}

/// A code as services write it: `Name`, `ns#Name`, `Name:http://...` or `ns#Name:http://...`.
fn code_form(name: String) -> impl Strategy<Value = String> {
    prop_oneof![
        Just(name.clone()),
        Just(format!("com.amazonaws.customerprofiles#{name}")),
        Just(format!(
            "{name}:http://internal.amazon.com/coral/com.amazon.coral.validate/"
        )),
        Just(format!(
            "aws.protocoltests.restjson#{name}:http://internal.amazon.com/coral/"
        )),
    ]
}

/// The message member, under the name services use.
fn message() -> impl Strategy<Value = Option<(&'static str, J)>> {
    prop_oneof![
        1 => Just(None),
        2 => text().prop_map(|m| Some(("message", J::Str(m)))),
        2 => text().prop_map(|m| Some(("Message", J::Str(m)))),
    ]
}

#[derive(Debug, Clone)]
struct ErrorResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

/// An error response for `code` (already in one of its written forms).
fn error_response(code: String, status: u16) -> impl Strategy<Value = ErrorResponse> {
    (
        code_at(),
        message(),
        extras(&[]),
        common_headers(),
        style(),
        any::<bool>(),
    )
        .prop_flat_map(move |(at, message, extra, mut headers, st, empty_body)| {
            let code = code.clone();
            let mut members: Vec<Option<(&'static str, J)>> = vec![message.clone()];
            match at {
                CodeAt::Header(name) => headers.push((name.to_owned(), code.clone())),
                CodeAt::Type => members.push(Some(("__type", J::Str(code.clone())))),
                CodeAt::Code => members.push(Some(("code", J::Str(code.clone())))),
            }
            // With the code in a header and nothing to say, services may send no body at all.
            let no_body = empty_body && matches!(at, CodeAt::Header(_)) && message.is_none();
            object(members, extra).prop_map(move |body| ErrorResponse {
                status,
                headers: headers.clone(),
                body: if no_body {
                    String::new()
                } else {
                    render(&body, st)
                },
            })
        })
}

fn modeled_error() -> impl Strategy<Value = ErrorResponse> {
    (
        proptest::sample::select(&ErrorKind::MODELED[..]),
        prop_oneof![4 => Just(None), 1 => (400u16..600).prop_map(Some)],
    )
        .prop_flat_map(|((_, name, status), other_status)| {
            let status = other_status.unwrap_or(status);
            code_form(name.to_owned()).prop_flat_map(move |code| error_response(code, status))
        })
}

fn unknown_error() -> impl Strategy<Value = ErrorResponse> {
    let name = prop_oneof![
        "[A-Z][A-Za-z]{0,20}Exception",
        "[A-Za-z][A-Za-z0-9_.]{0,20}",
    ]
    .prop_filter("not a modeled code", |n| {
        ErrorKind::MODELED.iter().all(|(_, m, _)| m != n)
    });
    (name, 400u16..600).prop_flat_map(|(name, status)| {
        code_form(name).prop_flat_map(move |c| error_response(c, status))
    })
}

// ---------------------------------------------------------------------------------------------
// Comparing
// ---------------------------------------------------------------------------------------------

fn headers_ref(h: &[(String, String)]) -> Vec<(&str, &str)> {
    h.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// Both sides on one response. The only normalization beyond `Parsed` itself: the value a
/// missing required enum member is error-corrected to (SDK `"no value was set"`, ours `""`).
fn both(status: u16, headers: &[(String, String)], body: &str) -> (Parsed, Parsed) {
    let h = headers_ref(headers);
    let mut sdk = sdk_parse(status, &h, body.as_bytes());
    if let Parsed::Output(o) = &mut sdk
        && let Some(a) = o
            .attributes
            .as_mut()
            .and_then(|a| a.appflow_integration.as_mut())
        && a.source_connector_type == ERROR_CORRECTED_ENUM
    {
        a.source_connector_type = String::new();
    }
    let ours = ours_parse(status, &h, body.as_bytes());
    (sdk, ours)
}

macro_rules! agree {
    ($status:expr, $headers:expr, $body:expr) => {{
        let (status, headers, body): (u16, Vec<(String, String)>, String) =
            ($status, $headers, $body);
        let (sdk, ours) = both(status, &headers, &body);
        prop_assert_eq!(
            &ours,
            &sdk,
            "\nstatus {} headers {:?}\nbody {}\n(left: ours, right: SDK)",
            status,
            headers,
            body
        );
        sdk
    }};
}

fn config() -> Config {
    Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Main properties: what services send
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// Success responses: any subset of members, unknown enum values, unknown members at every
    /// level, integral and fractional timestamps, escapes and spacing.
    #[test]
    fn main_success(body in success_body(Nulls::Never), st in style(), headers in common_headers()) {
        let body = render(&body, st);
        let sdk = agree!(200, headers.clone(), body.clone());
        prop_assert!(matches!(sdk, Parsed::Output(_)), "generator made an unreadable body: {body}");
    }

    /// Modeled errors, the code in the header, `__type` or `code`, in every written form, with or
    /// without a message, at their status or another error status.
    #[test]
    fn main_modeled_errors(e in modeled_error()) {
        let sdk = agree!(e.status, e.headers.clone(), e.body.clone());
        prop_assert!(matches!(&sdk, Parsed::Error(i) if i.kind != ErrorKind::Unknown), "{sdk:?}");
    }

    /// Error codes the operation does not list.
    #[test]
    fn main_unknown_errors(e in unknown_error()) {
        let sdk = agree!(e.status, e.headers.clone(), e.body.clone());
        prop_assert!(matches!(&sdk, Parsed::Error(i) if i.kind == ErrorKind::Unknown), "{sdk:?}");
    }

    /// Requests for names the model accepts.
    #[test]
    fn main_requests_valid(domain in "[a-zA-Z0-9_-]{1,64}", id in hex_id()) {
        let sdk = sdk_request(&domain, &id);
        let ours = ours_request(&domain, &id);
        prop_assert!(sdk.is_ok());
        prop_assert_eq!(ours, sdk);
    }

    /// Requests for any text: labels are percent-encoded (RFC 3986 unreserved characters kept).
    /// Empty labels are an error on both sides; the messages are not compared.
    #[test]
    fn main_requests_any_text(domain in text(), id in prop_oneof![hex_id(), text()]) {
        let sdk = sdk_request(&domain, &id);
        let ours = ours_request(&domain, &id);
        match (&ours, &sdk) {
            (Ok(o), Ok(s)) => prop_assert_eq!(o, s),
            (Err(_), Err(_)) => {}
            _ => prop_assert!(false, "domain {:?} id {:?}: ours {:?}, SDK {:?}", domain, id, ours, sdk),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Edge properties: inputs services rarely or never send, where both still agree
// ---------------------------------------------------------------------------------------------

fn compact() -> Style {
    Style {
        ascii_only: false,
        escape_slash: false,
        spaced: false,
    }
}

proptest! {
    #![proptest_config(config())]

    /// `null` for optional members reads as absent.
    #[test]
    fn edge_nulls_on_optional_members(body in success_body(Nulls::Optional), st in style()) {
        let body = render(&body, st);
        agree!(200, Vec::<(String, String)>::new(), body);
    }

    /// The code in more than one place, disagreeing: header first, then `code`, then `__type`
    /// (the spec lists the three without an order; both sides use this one).
    #[test]
    fn edge_conflicting_codes(
        picks in proptest::collection::vec(proptest::sample::select(&ErrorKind::MODELED[..]), 3),
        header in any::<bool>(), code in any::<bool>(), typ in any::<bool>(),
    ) {
        let mut headers = Vec::new();
        let mut fields = Vec::new();
        if header { headers.push(("x-amzn-errortype".to_owned(), picks[0].1.to_owned())); }
        if code { fields.push(("code".to_owned(), J::Str(picks[1].1.to_owned()))); }
        if typ { fields.push(("__type".to_owned(), J::Str(picks[2].1.to_owned()))); }
        agree!(400, headers, render(&J::Obj(fields), compact()));
    }

    /// Error responses without any code: an unknown error without a code, with the message
    /// under any of the names the protocol knows.
    #[test]
    fn edge_errors_without_code(
        status in 400u16..600,
        msg in proptest::option::of(("(message|Message|errorMessage)", text())),
        extra in extras(&[]),
        no_body in any::<bool>(),
    ) {
        let mut fields = extra;
        if let Some((k, m)) = msg { fields.push((k, J::Str(m))); }
        let body = if no_body && fields.is_empty() { String::new() } else { render(&J::Obj(fields), compact()) };
        agree!(status, Vec::<(String, String)>::new(), body);
    }

    /// Unknown codes with the message as `errorMessage`.
    #[test]
    fn edge_unknown_error_message_names(name in "[A-Z][a-z]{1,10}Fault", m in text()) {
        let body = render(&J::Obj(vec![("__type".into(), J::Str(name)), ("errorMessage".into(), J::Str(m))]), compact());
        agree!(400, Vec::<(String, String)>::new(), body);
    }

    /// Other 2xx statuses carry the output too.
    #[test]
    fn edge_other_success_status(status in 201u16..300, body in success_body(Nulls::Never)) {
        agree!(status, Vec::<(String, String)>::new(), render(&body, compact()));
    }

    /// Error responses whose body is not valid JSON, for a modeled code: both fail.
    #[test]
    fn edge_invalid_json_error_bodies(
        (_, name, status) in proptest::sample::select(&ErrorKind::MODELED[..]),
        body in prop_oneof![Just("<html>oops</html>".to_owned()), Just("{".to_owned()), "[a-z][a-z ]{0,9}"],
    ) {
        agree!(status, vec![("x-amzn-errortype".to_owned(), name.to_owned())], body);
    }
}

// ---------------------------------------------------------------------------------------------
// Known divergences (ignored; `cargo test -- --ignored` runs them). Each is an agreement
// property that fails today; it starts passing if our crate adopts the SDK's behaviour.
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// `null` for a required member (inside `AppflowIntegration`): both read it as absent and
    /// error-correct it (once a divergence; the generator now corrects nulls too).
    #[test]
    fn agree_nulls_on_required_members(body in success_body(Nulls::Any), st in style()) {
        agree!(200, Vec::<(String, String)>::new(), render(&body, st));
    }

    /// A JSON key twice in one object: both keep the last (once a divergence: serde's derive
    /// failed on a duplicate field). Includes `message` next to `Message` on an unknown error.
    #[test]
    fn agree_duplicate_keys(a in text(), b in text(), swap in any::<bool>(), success in any::<bool>()) {
        if success {
            let body = render(&J::Obj(vec![("WorkflowId".into(), J::Str(a)), ("WorkflowId".into(), J::Str(b))]), compact());
            agree!(200, Vec::<(String, String)>::new(), body);
        } else {
            let mut fields = vec![("message".to_owned(), J::Str(a)), ("Message".to_owned(), J::Str(b))];
            if swap { fields.reverse(); }
            let code = "SomethingElseException";
            agree!(403, vec![("x-amzn-errortype".to_owned(), code.to_owned())], render(&J::Obj(fields), compact()));
        }
    }

    /// `message` next to `Message` on a modeled error: the SDK takes the modeled `Message`;
    /// ours takes whichever comes last (the two spellings are one member).
    #[test]
    #[ignore = "divergence: message + Message on a modeled error (ours the last, SDK the modeled one)"]
    fn diverge_message_spellings_on_modeled_errors(
        (_, name, status) in proptest::sample::select(&ErrorKind::MODELED[..]),
        a in text(), b in text(), swap in any::<bool>(),
    ) {
        let mut fields = vec![("message".to_owned(), J::Str(a)), ("Message".to_owned(), J::Str(b))];
        if swap { fields.reverse(); }
        agree!(status, vec![("x-amzn-errortype".to_owned(), name.to_owned())], render(&J::Obj(fields), compact()));
    }

    /// A modeled error whose message is under `errorMessage`: the SDK falls back to it, ours
    /// reads only `Message` / `message` for modeled errors (but `errorMessage` for unknown ones).
    #[test]
    #[ignore = "divergence: errorMessage on modeled errors (ours None, SDK reads it)"]
    fn diverge_modeled_error_message_fallback(
        (_, name, status) in proptest::sample::select(&ErrorKind::MODELED[..]), m in text(),
    ) {
        let body = render(&J::Obj(vec![("errorMessage".into(), J::Str(m))]), compact());
        agree!(status, vec![("x-amzn-errortype".to_owned(), name.to_owned())], body);
    }

    /// `code` / `__type` / `message` with a value that is not a string: the SDK ignores that
    /// value; ours drops every code in the body (its code reader fails as a whole), or fails
    /// the response for a non-string message of a modeled error.
    #[test]
    #[ignore = "divergence: non-string code or message values"]
    fn diverge_non_string_protocol_values(
        (_, name, status) in proptest::sample::select(&ErrorKind::MODELED[..]),
        value in prop_oneof![any::<i64>().prop_map(|n| J::Num(n.to_string())), any::<bool>().prop_map(J::Bool), Just(J::Arr(vec![]))],
        which in 0u8..3,
    ) {
        let fields = match which {
            0 => vec![("code".to_owned(), value), ("__type".to_owned(), J::Str(name.to_owned()))],
            1 => vec![("__type".to_owned(), J::Str(name.to_owned())), ("message".to_owned(), value)],
            _ => vec![("code".to_owned(), J::Str(name.to_owned())), ("__type".to_owned(), value)],
        };
        agree!(status, Vec::<(String, String)>::new(), render(&J::Obj(fields), compact()));
    }

    /// Integer members written as integral decimals (`5.0`, `5e0`): the SDK accepts them, ours
    /// fails.
    #[test]
    #[ignore = "divergence: integral floats for long members (ours Malformed, SDK accepts)"]
    fn diverge_integral_floats(n in -1_000_000i64..1_000_000, form in 0u8..2) {
        let text = if form == 0 { format!("{n}.0") } else { format!("{n}e0") };
        let body = format!(r#"{{"Metrics":{{"AppflowIntegration":{{"TotalSteps":{text}}}}}}}"#);
        agree!(200, Vec::<(String, String)>::new(), body);
    }

    /// A JSON array where a structure belongs: the SDK fails; ours reads the elements as the
    /// members in model order (serde's derived `Deserialize` accepts sequences for structs).
    /// For an error body that is not a JSON object and an unknown code, ours gives the unknown
    /// error, the SDK fails.
    #[test]
    #[ignore = "divergence: arrays read as structures; unreadable bodies of unknown errors"]
    fn diverge_non_object_bodies(
        items in proptest::collection::vec(text().prop_map(J::Str), 0..3),
        (_, name, status) in proptest::sample::select(&ErrorKind::MODELED[..]),
        place in 0u8..4,
    ) {
        let arr = J::Arr(items);
        match place {
            0 => agree!(200, Vec::<(String, String)>::new(), render(&arr, compact())),
            1 => {
                let body = J::Obj(vec![("Attributes".into(), J::Obj(vec![("AppflowIntegration".into(), arr)]))]);
                agree!(200, Vec::<(String, String)>::new(), render(&body, compact()))
            }
            2 => agree!(status, vec![("x-amzn-errortype".to_owned(), name.to_owned())], render(&arr, compact())),
            _ => agree!(status, vec![("x-amzn-errortype".to_owned(), "SomethingElse".to_owned())], "<html>".to_owned()),
        };
    }

    /// Error codes with surrounding whitespace: ours trims them, the SDK does not (so the code
    /// is unknown to it). The spec's sanitizing steps do not trim.
    #[test]
    #[ignore = "divergence: whitespace around error codes (ours trims, SDK does not)"]
    fn diverge_code_whitespace(
        (_, name, status) in proptest::sample::select(&ErrorKind::MODELED[..]), pad in "[ \t]{1,2}",
    ) {
        agree!(status, vec![("x-amzn-errortype".to_owned(), format!("{pad}{name}{pad}"))], "{}".to_owned());
    }
}

// ---------------------------------------------------------------------------------------------
// Fixed cases worth naming
// ---------------------------------------------------------------------------------------------

#[test]
fn sample_responses_agree() {
    use sdk_compare::samples::*;
    assert_eq!(
        ours_parse(200, SUCCESS_HEADERS, SUCCESS_BODY.as_bytes()),
        sdk_parse(200, SUCCESS_HEADERS, SUCCESS_BODY.as_bytes())
    );
    assert_eq!(
        ours_parse(429, THROTTLING_HEADERS, THROTTLING_BODY.as_bytes()),
        sdk_parse(429, THROTTLING_HEADERS, THROTTLING_BODY.as_bytes())
    );
    assert_eq!(
        ours_request(DOMAIN, WORKFLOW_ID),
        sdk_request(DOMAIN, WORKFLOW_ID)
    );
}

/// Our crate keeps every decimal of a timestamp; the SDK goes through `f64`. They agree once
/// rounded to milliseconds (Smithy's precision), not at nanoseconds.
#[test]
fn timestamps_differ_below_a_millisecond() {
    let body = br#"{"StartDate": 1700000000.123}"#;
    let sdk = sdk_parse_raw(200, &[], body).unwrap().start_date.unwrap();
    let response = http_response(200, &[], body);
    let ours = customer_profiles::operation::GetWorkflow::parse_response(&response)
        .unwrap()
        .start_date
        .unwrap();
    assert_eq!(sdk.subsec_nanos(), 122_999_906);
    assert_eq!(ours.subsec_nanosecond(), 123_000_000);
}

/// Both sides error-correct a missing required enum to an unknown value, but not the same one.
#[test]
fn error_corrected_enum_values() {
    let body = br#"{"Attributes":{"AppflowIntegration":{}}}"#;
    let connector = |p: Parsed| match p {
        Parsed::Output(o) => {
            o.attributes
                .unwrap()
                .appflow_integration
                .unwrap()
                .source_connector_type
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(connector(sdk_parse(200, &[], body)), ERROR_CORRECTED_ENUM);
    assert_eq!(connector(ours_parse(200, &[], body)), "");
}

/// A success body of only whitespace: ours reads it as empty (`{}`), the SDK fails (it treats
/// only a zero-length body as empty).
#[test]
#[ignore = "divergence: whitespace-only success body"]
fn diverge_whitespace_only_body() {
    assert_eq!(ours_parse(200, &[], b" \n"), sdk_parse(200, &[], b" \n"));
}

/// Timestamps past what `jiff::Timestamp` holds (after 9999-12-30T22:00Z, or 1e12 seconds):
/// ours fails, the SDK reads them (its `DateTime` holds any `i64` seconds).
#[test]
#[ignore = "divergence: timestamps outside jiff's range"]
fn diverge_far_timestamps() {
    for body in [
        &br#"{"StartDate": 253402300799}"#[..],
        br#"{"StartDate": 1e12}"#,
    ] {
        assert_eq!(ours_parse(200, &[], body), sdk_parse(200, &[], body));
    }
}
