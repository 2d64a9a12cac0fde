//! `@requestCompression`: clients gzip the bodies of large requests, as the AWS SDKs do.

use std::io::Write as _;

use crate::http::RequestError;

/// The smallest body that is compressed: the AWS SDKs' default
/// (`request_min_compression_size_bytes`); a smaller one gains too little for the work.
pub const MIN_SIZE: usize = 10_240;

/// Client side: gzips the body of `request` when it holds at least [`MIN_SIZE`] bytes, adding
/// `gzip` to its `Content-Encoding` after any encoding the input set, and setting its
/// `Content-Length` to the compressed size.
pub(crate) fn gzip(request: &mut ::http::Request<Vec<u8>>) -> Result<(), RequestError> {
    if request.body().len() < MIN_SIZE {
        return Ok(());
    }
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(request.body().len() / 2),
        flate2::Compression::default(),
    );
    let body = encoder
        .write_all(request.body())
        .and_then(|()| encoder.finish())
        .map_err(|e| RequestError::Body(format!("cannot gzip the body: {e}")))?;
    let headers = request.headers_mut();
    let encoding = match headers
        .get(::http::header::CONTENT_ENCODING)
        .map(|v| v.as_bytes())
    {
        Some(set) if !set.trim_ascii().is_empty() => [set, b", gzip"].concat(),
        _ => b"gzip".to_vec(),
    };
    // A valid header value with `, gzip` after it is still valid: the fallback is never taken.
    let encoding = ::http::HeaderValue::from_bytes(&encoding)
        .unwrap_or(::http::HeaderValue::from_static("gzip"));
    headers.insert(::http::header::CONTENT_ENCODING, encoding);
    headers.insert(
        ::http::header::CONTENT_LENGTH,
        ::http::HeaderValue::from(body.len()),
    );
    *request.body_mut() = body;
    Ok(())
}
