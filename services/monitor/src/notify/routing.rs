//! Which kinds of channel an alert reaches, by severity (seed 004): critical reaches every
//! channel, warning email and the WeCom group, info the WeCom group only.

use crate::rules::Severity;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "openapi",
    derive(poem_openapi::Enum),
    oai(rename_all = "snake_case")
)]
pub enum ChannelKind {
    Email,
    Webhook,
    WecomRobot,
}

impl ChannelKind {
    pub const ALL: [ChannelKind; 3] = [
        ChannelKind::Email,
        ChannelKind::Webhook,
        ChannelKind::WecomRobot,
    ];

    /// The name in channel configs, the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Email => "email",
            ChannelKind::Webhook => "webhook",
            ChannelKind::WecomRobot => "wecom_robot",
        }
    }
}

pub fn channels_for(severity: Severity) -> &'static [ChannelKind] {
    match severity {
        Severity::Critical => &[
            ChannelKind::Email,
            ChannelKind::Webhook,
            ChannelKind::WecomRobot,
        ],
        Severity::Warning => &[ChannelKind::Email, ChannelKind::WecomRobot],
        Severity::Info => &[ChannelKind::WecomRobot],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_decides_the_channels() {
        assert_eq!(channels_for(Severity::Critical).len(), 3);
        assert_eq!(
            channels_for(Severity::Warning),
            [ChannelKind::Email, ChannelKind::WecomRobot]
        );
        assert_eq!(channels_for(Severity::Info), [ChannelKind::WecomRobot]);
    }
}
