pub(crate) mod default_security_group;
pub(crate) mod ebs_encryption_enabled;
pub(crate) mod flow_logs_enabled;
pub(crate) mod open_rdp;
pub(crate) mod open_ssh;
