//! The names and types of the shapes of Smithy's prelude (`smithy.api`), as of Smithy 1.73.
//!
//! Reading the IDL needs them: a relative shape id resolves to a prelude shape only when the
//! prelude defines one of that name, and a trait written without a value (`@tags`) takes its
//! value from the trait shape's type.

/// `(name, shape type)`, sorted by name.
const SHAPES: &[(&str, &str)] = &[
    ("AuthTraitReference", "string"),
    ("BigDecimal", "bigDecimal"),
    ("BigInteger", "bigInteger"),
    ("Blob", "blob"),
    ("Boolean", "boolean"),
    ("Byte", "byte"),
    ("ClosureId", "string"),
    ("CommonMark", "string"),
    ("Document", "document"),
    ("Double", "double"),
    ("EnumConstantBodyName", "string"),
    ("EnumDefinition", "structure"),
    ("Example", "structure"),
    ("ExampleError", "structure"),
    ("Float", "float"),
    ("HttpApiKeyLocations", "enum"),
    ("IdempotentErrors", "list"),
    ("Identifier", "string"),
    ("Integer", "integer"),
    ("LocalMixinTrait", "string"),
    ("LocalMixinTraitList", "list"),
    ("Long", "long"),
    ("Namespaces", "list"),
    ("NonEmptyString", "string"),
    ("NonEmptyStringList", "list"),
    ("NonEmptyStringMap", "map"),
    ("PrimitiveBoolean", "boolean"),
    ("PrimitiveByte", "byte"),
    ("PrimitiveDouble", "double"),
    ("PrimitiveFloat", "float"),
    ("PrimitiveInteger", "integer"),
    ("PrimitiveLong", "long"),
    ("PrimitiveShort", "short"),
    ("Reference", "structure"),
    ("Renames", "map"),
    ("RequestCompressionEncodingsList", "list"),
    ("Severity", "enum"),
    ("ShapeClosure", "structure"),
    ("ShapeClosures", "list"),
    ("Short", "short"),
    ("String", "string"),
    ("StructurallyExclusive", "enum"),
    ("Timestamp", "timestamp"),
    ("TraitChangeType", "enum"),
    ("TraitDiffRule", "structure"),
    ("TraitDiffRules", "list"),
    ("TraitShapeId", "string"),
    ("TraitShapeIdList", "list"),
    ("TraitValidator", "structure"),
    ("Unit", "structure"),
    ("addedDefault", "structure"),
    ("auth", "list"),
    ("authDefinition", "structure"),
    ("box", "structure"),
    ("clientOptional", "structure"),
    ("cors", "structure"),
    ("default", "document"),
    ("deprecated", "structure"),
    ("documentation", "string"),
    ("endpoint", "structure"),
    ("enum", "list"),
    ("enumValue", "document"),
    ("error", "enum"),
    ("eventHeader", "structure"),
    ("eventPayload", "structure"),
    ("examples", "list"),
    ("externalDocumentation", "map"),
    ("hostLabel", "structure"),
    ("http", "structure"),
    ("httpApiKeyAuth", "structure"),
    ("httpBasicAuth", "structure"),
    ("httpBearerAuth", "structure"),
    ("httpChecksumRequired", "structure"),
    ("httpDigestAuth", "structure"),
    ("httpError", "integer"),
    ("httpHeader", "string"),
    ("httpLabel", "structure"),
    ("httpPayload", "structure"),
    ("httpPrefixHeaders", "string"),
    ("httpQuery", "string"),
    ("httpQueryParams", "structure"),
    ("httpResponseCode", "structure"),
    ("idRef", "structure"),
    ("idempotencyToken", "structure"),
    ("idempotent", "structure"),
    ("input", "structure"),
    ("internal", "structure"),
    ("jsonName", "string"),
    ("length", "structure"),
    ("longPoll", "structure"),
    ("mediaType", "string"),
    ("metadata", "structure"),
    ("mixin", "structure"),
    ("nestedProperties", "structure"),
    ("noReplace", "structure"),
    ("notProperty", "structure"),
    ("optionalAuth", "structure"),
    ("output", "structure"),
    ("paginated", "structure"),
    ("pattern", "string"),
    ("private", "structure"),
    ("property", "structure"),
    ("protocolDefinition", "structure"),
    ("range", "structure"),
    ("readonly", "structure"),
    ("recommended", "structure"),
    ("references", "list"),
    ("requestCompression", "structure"),
    ("required", "structure"),
    ("requiresLength", "structure"),
    ("resourceIdentifier", "string"),
    ("retryable", "structure"),
    ("sensitive", "structure"),
    ("since", "string"),
    ("sparse", "structure"),
    ("streaming", "structure"),
    ("suppress", "list"),
    ("tags", "list"),
    ("timestampFormat", "enum"),
    ("title", "string"),
    ("trait", "structure"),
    ("traitValidators", "map"),
    ("uniqueItems", "structure"),
    ("unitType", "structure"),
    ("unstable", "structure"),
    ("xmlAttribute", "structure"),
    ("xmlFlattened", "structure"),
    ("xmlName", "string"),
    ("xmlNamespace", "structure"),
];

fn lookup(name: &str) -> Option<&'static str> {
    SHAPES
        .binary_search_by(|(n, _)| n.cmp(&name))
        .ok()
        .map(|i| SHAPES[i].1)
}

/// The shape type of the prelude shape with this absolute id.
pub(crate) fn type_of(id: &str) -> Option<&'static str> {
    id.strip_prefix("smithy.api#").and_then(lookup)
}

/// Whether the prelude has a shape of this name.
pub(crate) fn has_name(name: &str) -> bool {
    lookup(name).is_some()
}

/// Whether the prelude defines this absolute id.
pub(crate) fn contains(id: &str) -> bool {
    type_of(id).is_some()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sorted_for_binary_search() {
        assert!(super::SHAPES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(super::type_of("smithy.api#tags"), Some("list"));
        assert_eq!(super::type_of("smithy.api#String"), Some("string"));
        assert!(!super::contains("smithy.api#Nope"));
        assert!(!super::contains("other#String"));
    }
}
