pub(crate) mod access_keys_extra;
pub(crate) mod min_password_length;
pub(crate) mod password_policy_exists;
pub(crate) mod root_access_keys;
pub(crate) mod root_account_in_use;
pub(crate) mod root_mfa_enabled;
pub(crate) mod users_mfa_enabled;
