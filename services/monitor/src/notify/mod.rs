//! From alert changes to notifications.

mod dispatcher;
mod mute;
mod routing;

pub use dispatcher::{Dispatcher, GroupPolicy, Notification, NotificationStatus};
pub use mute::{QuietHours, Silence};
pub use routing::{channels_for, ChannelKind};
