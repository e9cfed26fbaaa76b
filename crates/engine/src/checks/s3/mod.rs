pub(crate) mod bucket_all_users_acl;
pub(crate) mod bucket_logging;
pub(crate) mod bucket_public_access_block;
