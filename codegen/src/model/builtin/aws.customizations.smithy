// Built-in definitions: the shapes Smithy 1.73 ships in `aws.customizations`, as facts (names, types,
// traits, selectors); documentation left out. Written by `idl::write`; read by `model::builtin`.
$version: "2.0"

namespace aws.customizations

@trait(selector: "operation")
structure s3UnwrappedXmlOutput {}
