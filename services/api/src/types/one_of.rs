//! `OneOf<C>`: an object whose shape depends on one of its properties — a message's `content`
//! on its `message_type`, an account's `connector_settings` on its `connector`. On the wire it
//! is flat (`{"message_type": "text", "content": {"text": …}, …the fields of C}`); in the
//! document it is a `oneOf` of one schema per kind, discriminated by the tag, each variant
//! `allOf` the common fields `C` and its own payload schema — the form generators turn into
//! typed unions.

use std::borrow::Cow;

use poem_openapi::{
    registry::{MetaDiscriminatorObject, MetaSchema, MetaSchemaRef, Registry},
    types::{ParseError, ParseFromJSON, ParseResult, ToJSON, Type},
};
use serde::de::{DeserializeOwned, Error as _};
use serde_json::{Map, Value};

use crate::json_body::nested_error;

/// One kind of a union: the tag's value, the prefix of its schema's name, and the payload's
/// schema (`None`: this kind carries no payload) and whether it must be given.
#[derive(Clone, Copy)]
pub struct Kind {
    pub tag: &'static str,
    pub prefix: &'static str,
    pub payload: Option<fn() -> MetaSchemaRef>,
    pub required: bool,
    pub register: fn(&mut Registry),
}

/// The kinds a tag chooses between.
pub trait Kinds: Send + Sync + 'static {
    /// The discriminating property, e.g. `message_type`.
    const TAG: &'static str;
    /// The property whose shape the tag decides, e.g. `content`.
    const PAYLOAD: &'static str;
    /// The schema name of a payload whose tag is elsewhere, e.g. `MessageContent`.
    const ANY_PAYLOAD: &'static str;
    const KINDS: &'static [Kind];

    fn find(tag: &str) -> Option<&'static Kind> {
        Self::KINDS.iter().find(|k| k.tag == tag)
    }
}

/// The fields every kind shares; `UNION` names the union's schema (`Template` → `TextTemplate`,
/// `ImageTemplate`, …).
pub trait Variant: Type + ParseFromJSON + ToJSON {
    type Kinds: Kinds;
    const UNION: &'static str;
    const DESCRIPTION: &'static str;
}

#[derive(Debug)]
pub struct OneOf<C: Variant> {
    pub fields: C,
    /// The tag's value; always one of the kinds' tags.
    pub kind: String,
    pub payload: Option<Value>,
}

impl<C: Variant> OneOf<C> {
    pub fn new(fields: C, kind: impl Into<String>, payload: Option<Value>) -> Self {
        Self {
            fields,
            kind: kind.into(),
            payload,
        }
    }

    /// Splits a flat object into the tag, the payload and the rest.
    fn split(value: Value) -> Result<(String, Option<Value>, Value), String> {
        let Value::Object(mut map) = value else {
            return Err("must be a JSON object".into());
        };
        let tag = C::Kinds::TAG;
        let kind = match map.remove(tag) {
            Some(Value::String(kind)) if C::Kinds::find(&kind).is_some() => kind,
            Some(_) => {
                let allowed: Vec<&str> = C::Kinds::KINDS.iter().map(|k| k.tag).collect();
                let reason = format!("must be one of {}", allowed.join(", "));
                return Err(nested_error(tag, &reason));
            }
            None => return Err(nested_error(tag, "is required")),
        };
        let payload = map.remove(C::Kinds::PAYLOAD);
        Ok((kind, payload, Value::Object(map)))
    }

    fn variant_name(kind: &Kind) -> String {
        format!("{}{}", kind.prefix, C::UNION)
    }
}

impl<C: Variant> Type for OneOf<C> {
    const IS_REQUIRED: bool = true;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> Cow<'static, str> {
        C::UNION.into()
    }

    fn schema_ref() -> MetaSchemaRef {
        MetaSchemaRef::Reference(C::UNION.into())
    }

    fn register(registry: &mut Registry) {
        registry.create_schema::<Self, _>(C::UNION.into(), |registry| {
            C::register(registry);
            let mut variants = Vec::new();
            let mut mapping = Vec::new();
            for kind in C::Kinds::KINDS {
                (kind.register)(registry);
                let name = Self::variant_name(kind);
                let mut own = MetaSchema {
                    required: vec![C::Kinds::TAG],
                    properties: vec![(
                        C::Kinds::TAG,
                        MetaSchemaRef::Inline(Box::new(MetaSchema {
                            enum_items: vec![Value::from(kind.tag)],
                            ..MetaSchema::new("string")
                        })),
                    )],
                    ..MetaSchema::new("object")
                };
                if let Some(payload) = kind.payload {
                    if kind.required {
                        own.required.push(C::Kinds::PAYLOAD);
                    }
                    own.properties.push((C::Kinds::PAYLOAD, payload()));
                }
                registry.schemas.insert(
                    name.clone(),
                    MetaSchema {
                        all_of: vec![C::schema_ref(), MetaSchemaRef::Inline(Box::new(own))],
                        ..MetaSchema::ANY
                    },
                );
                mapping.push((kind.tag.to_owned(), format!("#/components/schemas/{name}")));
                variants.push(MetaSchemaRef::Reference(name));
            }
            MetaSchema {
                description: Some(C::DESCRIPTION),
                one_of: variants,
                discriminator: Some(MetaDiscriminatorObject {
                    property_name: C::Kinds::TAG,
                    mapping,
                }),
                ..MetaSchema::new("object")
            }
        });
    }

    own_raw_value!();
}

impl<C: Variant> ToJSON for OneOf<C> {
    fn to_json(&self) -> Option<Value> {
        let mut map = match self.fields.to_json() {
            Some(Value::Object(map)) => map,
            _ => Map::new(),
        };
        map.insert(C::Kinds::TAG.into(), Value::String(self.kind.clone()));
        if let Some(payload) = &self.payload {
            map.insert(C::Kinds::PAYLOAD.into(), payload.clone());
        }
        Some(Value::Object(map))
    }
}

impl<C: Variant> ParseFromJSON for OneOf<C> {
    fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
        let (kind, payload, rest) =
            Self::split(value.unwrap_or_default()).map_err(ParseError::custom)?;
        let fields = C::parse_from_json(Some(rest)).map_err(ParseError::propagate)?;
        Ok(Self::new(fields, kind, payload))
    }
}

/// Request bodies are read with serde so errors name the field (see `json_body`); the common
/// fields keep `deny_unknown_fields`, and a nested error keeps its path in the message.
impl<'de, C: Variant + DeserializeOwned> serde::Deserialize<'de> for OneOf<C> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let (kind, payload, rest) = Self::split(value).map_err(D::Error::custom)?;
        let fields: C = serde_path_to_error::deserialize(rest).map_err(|err| {
            let path = err.path().to_string();
            D::Error::custom(nested_error(&path, &err.into_inner().to_string()))
        })?;
        Ok(Self::new(fields, kind, payload))
    }
}

/// A payload whose tag sits elsewhere or may be absent (a send request names a template *or*
/// a `message_type`): any of the kinds' payload schemas, kept as JSON for the domain to check.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct AnyPayload<K: Kinds>(pub Value, #[serde(skip)] std::marker::PhantomData<K>);

impl<K: Kinds> AnyPayload<K> {
    pub fn into_inner(self) -> Value {
        self.0
    }
}

impl<K: Kinds> Type for AnyPayload<K> {
    const IS_REQUIRED: bool = true;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> Cow<'static, str> {
        K::ANY_PAYLOAD.into()
    }

    fn schema_ref() -> MetaSchemaRef {
        MetaSchemaRef::Reference(K::ANY_PAYLOAD.into())
    }

    fn register(registry: &mut Registry) {
        registry.create_schema::<Self, _>(K::ANY_PAYLOAD.into(), |registry| {
            for kind in K::KINDS {
                (kind.register)(registry);
            }
            MetaSchema {
                any_of: K::KINDS
                    .iter()
                    .filter_map(|k| k.payload.map(|p| p()))
                    .collect(),
                ..MetaSchema::new("object")
            }
        });
    }

    own_raw_value!();
}

impl<K: Kinds> ParseFromJSON for AnyPayload<K> {
    fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
        Ok(Self(value.unwrap_or_default(), std::marker::PhantomData))
    }
}

impl<K: Kinds> ToJSON for AnyPayload<K> {
    fn to_json(&self) -> Option<Value> {
        Some(self.0.clone())
    }
}
