// Built-in definitions: the shapes Smithy 1.73 ships in `aws.test`, as facts (names, types,
// traits, selectors); documentation left out. Written by `idl::write`; read by `model::builtin`.
$version: "2.0"

namespace aws.test

@suppress(["UnreferencedShape"])
structure AwsVendorParams with [BaseAwsVendorParams] {}

@suppress(["UnreferencedShape"])
@mixin
structure BaseAwsVendorParams {
    region: String = "us-west-2"
    sigv4aRegionSet: NonEmptyStringList
    uri: String
    useFips: Boolean = false
    useDualstack: Boolean = false
    useAccountIdRouting: Boolean = true
}

@private
@length(min: 1)
@suppress(["UnreferencedShape"])
list NonEmptyStringList {
    member: String
}

@suppress(["UnreferencedShape"])
structure S3VendorParams with [BaseAwsVendorParams] {
    useAccelerate: Boolean = false
    useGlobalEndpoint: Boolean = false
    forcePathStyle: Boolean = false
    useArnRegion: Boolean = true
    useMultiRegionAccessPoints: Boolean = true
}
