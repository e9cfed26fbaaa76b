//! What the data means: analyses over the views that several checks share, each with its own
//! tests. Views stay plain data; checks stay small.

pub mod s3_access;
