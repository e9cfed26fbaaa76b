pub(crate) mod root_account_in_use;
