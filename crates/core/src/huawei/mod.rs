//! Huawei Cloud CSMS: `RotateSecret` and the calls a rotation client needs around it, signed
//! with `SDK-HMAC-SHA256` or sent with an IAM token.
