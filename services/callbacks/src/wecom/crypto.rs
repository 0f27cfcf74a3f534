//! WeCom's callback cryptography (WXBizMsgCrypt), both ways: verifying and decrypting what
//! WeCom sends, and encrypting and signing (for the simulator, tests and our replies).
//!
//! `AESKey = base64(EncodingAESKey + "=")`, 32 bytes; AES-256-CBC with the key's first 16
//! bytes as IV and PKCS#7 padding to a multiple of 32 bytes. The plaintext is 16 random bytes,
//! the message length (4 bytes, big-endian), the message, then the receive id (the corp id).
//! `msg_signature = sha1(sorted [token, timestamp, nonce, encrypted] joined)`, lowercase hex.

use aes::{
    cipher::{block_padding::NoPadding, BlockDecryptMut, BlockEncryptMut, KeyIvInit},
    Aes256,
};
use base64::{
    alphabet,
    engine::{general_purpose::STANDARD, DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig},
    Engine,
};
use sha1::{Digest, Sha1};

/// WeCom pads to 32 bytes, not to the AES block size.
const PAD_TO: usize = 32;

/// The official sample key's last character carries bits past the 32nd byte, which strict
/// base64 refuses; WeCom's own libraries ignore them, so we do too.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WecomCryptoError {
    #[error("the EncodingAESKey must be 43 base64 characters")]
    BadKey,
    #[error("the callback token must be 1 to 32 letters or digits")]
    BadToken,
    #[error("msg_signature does not match")]
    BadSignature,
    #[error("the message cannot be decrypted")]
    Undecryptable,
    #[error("the message is for another receiver")]
    WrongReceiver,
}

/// One account's callback token and AES key.
#[derive(Clone)]
pub struct WecomCrypto {
    token: String,
    key: [u8; 32],
}

impl std::fmt::Debug for WecomCrypto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WecomCrypto(***)")
    }
}

/// What WeCom sent, decrypted and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decrypted {
    pub message: String,
    pub receive_id: String,
}

impl WecomCrypto {
    pub fn new(token: &str, encoding_aes_key: &str) -> Result<Self, WecomCryptoError> {
        if token.is_empty() || token.len() > 32 || !token.chars().all(|c| c.is_ascii_alphanumeric())
        {
            return Err(WecomCryptoError::BadToken);
        }
        if encoding_aes_key.len() != 43 {
            return Err(WecomCryptoError::BadKey);
        }
        let key = LENIENT
            .decode(format!("{encoding_aes_key}="))
            .ok()
            .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
            .ok_or(WecomCryptoError::BadKey)?;
        Ok(Self {
            token: token.to_owned(),
            key,
        })
    }

    /// `msg_signature` of an encrypted message.
    pub fn signature(&self, timestamp: &str, nonce: &str, encrypted: &str) -> String {
        let mut parts = [self.token.as_str(), timestamp, nonce, encrypted];
        parts.sort_unstable();
        hex::encode(Sha1::digest(parts.concat().as_bytes()))
    }

    /// Checks `msg_signature` (in constant time), decrypts, and checks the receive id.
    pub fn open(
        &self,
        msg_signature: &str,
        timestamp: &str,
        nonce: &str,
        encrypted: &str,
        expected_receive_id: &str,
    ) -> Result<Decrypted, WecomCryptoError> {
        let expected = self.signature(timestamp, nonce, encrypted);
        if !constant_time_eq(
            expected.as_bytes(),
            msg_signature.to_ascii_lowercase().as_bytes(),
        ) {
            return Err(WecomCryptoError::BadSignature);
        }
        let decrypted = self.decrypt(encrypted)?;
        if decrypted.receive_id != expected_receive_id {
            return Err(WecomCryptoError::WrongReceiver);
        }
        Ok(decrypted)
    }

    pub fn decrypt(&self, encrypted: &str) -> Result<Decrypted, WecomCryptoError> {
        let mut buf = STANDARD
            .decode(encrypted)
            .map_err(|_| WecomCryptoError::Undecryptable)?;
        if buf.is_empty() || buf.len() % 16 != 0 {
            return Err(WecomCryptoError::Undecryptable);
        }
        let plain = cbc::Decryptor::<Aes256>::new(&self.key.into(), &self.iv().into())
            .decrypt_padded_mut::<NoPadding>(&mut buf)
            .map_err(|_| WecomCryptoError::Undecryptable)?;
        let pad = usize::from(*plain.last().ok_or(WecomCryptoError::Undecryptable)?);
        if pad == 0 || pad > PAD_TO || pad > plain.len() {
            return Err(WecomCryptoError::Undecryptable);
        }
        let content = &plain[..plain.len() - pad];
        let length_bytes = content.get(16..20).ok_or(WecomCryptoError::Undecryptable)?;
        let length = u32::from_be_bytes(
            length_bytes
                .try_into()
                .map_err(|_| WecomCryptoError::Undecryptable)?,
        ) as usize;
        let message = content
            .get(20..20 + length)
            .ok_or(WecomCryptoError::Undecryptable)?;
        let receive_id = &content[20 + length..];
        let text = |bytes: &[u8]| {
            String::from_utf8(bytes.to_vec()).map_err(|_| WecomCryptoError::Undecryptable)
        };
        Ok(Decrypted {
            message: text(message)?,
            receive_id: text(receive_id)?,
        })
    }

    /// Encrypts `message` for `receive_id` with the given 16 random bytes.
    pub fn encrypt(&self, message: &str, receive_id: &str, random: [u8; 16]) -> String {
        let mut plain = Vec::with_capacity(20 + message.len() + receive_id.len() + PAD_TO);
        plain.extend_from_slice(&random);
        plain.extend_from_slice(&(message.len() as u32).to_be_bytes());
        plain.extend_from_slice(message.as_bytes());
        plain.extend_from_slice(receive_id.as_bytes());
        let pad = PAD_TO - plain.len() % PAD_TO;
        plain.resize(plain.len() + pad, pad as u8);
        let len = plain.len();
        let encrypted = cbc::Encryptor::<Aes256>::new(&self.key.into(), &self.iv().into())
            .encrypt_padded_mut::<NoPadding>(&mut plain, len)
            .map(<[u8]>::to_vec)
            .unwrap_or_default();
        STANDARD.encode(encrypted)
    }

    fn iv(&self) -> [u8; 16] {
        let mut iv = [0u8; 16];
        iv.copy_from_slice(&self.key[..16]);
        iv
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    // WeCom's official sample (its PHP library's README), as quoted in DESIGN.md.
    const TOKEN: &str = "QDG6eK";
    const KEY: &str = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    const CORP: &str = "wx5823bf96d3bd56c7";
    const ECHOSTR: &str =
        "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";

    fn sample() -> WecomCrypto {
        WecomCrypto::new(TOKEN, KEY).unwrap()
    }

    #[test]
    fn the_official_url_verification_sample_decrypts() {
        let opened = sample()
            .open(
                "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3",
                "1409659589",
                "263014780",
                ECHOSTR,
                CORP,
            )
            .unwrap();
        assert_eq!(opened.message, "1616140317555161061");
    }

    #[test]
    fn the_sample_key_is_not_canonical_base64_yet_accepted() {
        // Strict decoding refuses it: its last character has bits past the 32nd byte.
        assert!(STANDARD.decode(format!("{KEY}=")).is_err());
        assert!(WecomCrypto::new(TOKEN, KEY).is_ok());
    }

    #[test]
    fn an_event_round_trips_and_pads_to_32_bytes() {
        let crypto = sample();
        let xml = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><MsgType><![CDATA[text]]></MsgType></xml>";
        let encrypted = crypto.encrypt(xml, CORP, [7; 16]);
        assert_eq!(STANDARD.decode(&encrypted).unwrap().len() % 32, 0);
        let signature = crypto.signature("1700000000", "n1", &encrypted);
        let opened = crypto
            .open(&signature, "1700000000", "n1", &encrypted, CORP)
            .unwrap();
        assert_eq!(
            (opened.message.as_str(), opened.receive_id.as_str()),
            (xml, CORP)
        );
    }

    #[test]
    fn tampering_and_the_wrong_receiver_are_refused() {
        let crypto = sample();
        let encrypted = crypto.encrypt("<xml/>", CORP, [1; 16]);
        let signature = crypto.signature("1", "n", &encrypted);
        let mut flipped = signature.clone().into_bytes();
        flipped[0] = if flipped[0] == b'a' { b'b' } else { b'a' };
        let flipped = String::from_utf8(flipped).unwrap();
        assert_eq!(
            crypto
                .open(&flipped, "1", "n", &encrypted, CORP)
                .unwrap_err(),
            WecomCryptoError::BadSignature
        );
        // A changed ciphertext fails the signature; re-signed, it fails to decrypt.
        let mut bytes = STANDARD.decode(&encrypted).unwrap();
        bytes[20] ^= 0xff;
        let tampered = STANDARD.encode(&bytes);
        assert_eq!(
            crypto
                .open(&signature, "1", "n", &tampered, CORP)
                .unwrap_err(),
            WecomCryptoError::BadSignature
        );
        let resigned = crypto.signature("1", "n", &tampered);
        assert!(crypto.open(&resigned, "1", "n", &tampered, CORP).is_err());
        assert_eq!(
            crypto
                .open(&signature, "1", "n", &encrypted, "ww-other-corp")
                .unwrap_err(),
            WecomCryptoError::WrongReceiver
        );
        assert_eq!(
            crypto
                .open(&resigned, "1", "n", "not base64!", CORP)
                .unwrap_err(),
            WecomCryptoError::BadSignature
        );
        let garbage = crypto.signature("1", "n", "AAAA");
        assert_eq!(
            crypto.open(&garbage, "1", "n", "AAAA", CORP).unwrap_err(),
            WecomCryptoError::Undecryptable
        );
    }

    #[test]
    fn bad_keys_and_tokens_are_refused() {
        assert_eq!(
            WecomCrypto::new(TOKEN, "short").unwrap_err(),
            WecomCryptoError::BadKey
        );
        assert_eq!(
            WecomCrypto::new(TOKEN, &"!".repeat(43)).unwrap_err(),
            WecomCryptoError::BadKey
        );
        assert_eq!(
            WecomCrypto::new("", KEY).unwrap_err(),
            WecomCryptoError::BadToken
        );
        assert_eq!(
            WecomCrypto::new("to ken", KEY).unwrap_err(),
            WecomCryptoError::BadToken
        );
    }
}
