//! From alert changes to notifications.

pub mod alertmanager;
mod dispatcher;
mod mute;
mod routing;

pub use dispatcher::{Dispatcher, GroupPolicy, Notification, NotificationStatus};
pub use mute::{QuietHours, Silence};
pub use routing::{channels_for, ChannelKind};
