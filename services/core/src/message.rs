//! Messages as the pipeline sees them, before any connector: what kinds exist, what content
//! each kind needs, the statuses a message moves through, and templates that fill content from
//! typed variables. Content is checked here once, so every entry point (the API, template
//! rendering, replays) refuses the same things and a connector only ever sees valid content.

mod content;
mod kind;
mod status;
pub mod template;

pub use content::check_content;
pub use kind::MessageType;
pub use status::MessageStatus;
pub use template::{
    Template, TemplateError, TemplateProblem, VariableProblem, VariableSpec, VariableType,
};
