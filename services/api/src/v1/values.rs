//! Template variable values: scalars that fill `{{name}}` placeholders.

use std::{borrow::Cow, collections::BTreeMap};

use poem_openapi::{
    registry::{MetaSchema, MetaSchemaRef, Registry},
    types::{ParseFromJSON, ParseResult, ToJSON, Type},
};
use serde_json::{Map, Value};

use crate::types::own_raw_value;

/// A variable's value: a string, a number or a boolean, as the variable's type says. Kept as
/// JSON: the template checks it and names each one that does not fit.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct VariableValue(pub Value);

impl VariableValue {
    pub fn into_inner(self) -> Value {
        self.0
    }
}

/// Values by variable name.
pub type Variables = BTreeMap<String, VariableValue>;

/// The domain's view of a request's variables.
pub fn variables_map(variables: Option<Variables>) -> Map<String, Value> {
    variables
        .unwrap_or_default()
        .into_iter()
        .map(|(name, value)| (name, value.0))
        .collect()
}

impl Type for VariableValue {
    const IS_REQUIRED: bool = true;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> Cow<'static, str> {
        "VariableValue".into()
    }

    fn schema_ref() -> MetaSchemaRef {
        MetaSchemaRef::Reference(Self::name().into_owned())
    }

    fn register(registry: &mut Registry) {
        registry.create_schema::<Self, _>(Self::name().into_owned(), |_| {
            let of = |ty| MetaSchemaRef::Inline(Box::new(MetaSchema::new(ty)));
            MetaSchema {
                description: Some("A string (at most 2048 bytes), a number or a boolean."),
                any_of: vec![of("string"), of("number"), of("boolean")],
                ..MetaSchema::ANY
            }
        });
    }

    own_raw_value!();
}

impl ParseFromJSON for VariableValue {
    fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
        Ok(Self(value.unwrap_or_default()))
    }
}

impl ToJSON for VariableValue {
    fn to_json(&self) -> Option<Value> {
        Some(self.0.clone())
    }
}
