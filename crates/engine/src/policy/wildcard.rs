//! `*` and `?` globs as IAM uses them in Action, Resource and the `Like` condition operators.
//!
//! Besides matching a glob against a name, the analysis compares globs with each other: whether
//! one covers every name another matches (`s3:*` covers `s3:Get*`), and whether two can match a
//! common name (a `NotAction` of `iam:Pass*` takes something away from `iam:*`). Both
//! comparisons are syntactic and exact for the patterns policies use; `covers` may answer `false`
//! for exotic pairs such as `?*` against `*?`, which errs towards "not covered".
//!
//! Policy variables (`${aws:username}`) stand for a value only known per request. Callers choose
//! whether one counts as matching anything or nothing, so that each question leans towards the
//! answer that does not hide access. `${*}`, `${?}` and `${$}` are the literal characters.

/// How a glob compares letters: actions ignore case, ARNs do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    Insensitive,
    Sensitive,
}

/// What a policy variable in a glob stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Variables {
    /// Any value: some caller may have it.
    MatchAnything,
    /// No value: do not count on it matching.
    MatchNothing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Literal(char),
    /// `?`: exactly one character.
    One,
    /// `*`: any run of characters, also none.
    Any,
    /// A policy variable that may match nothing.
    Never,
}

fn fold(c: char, case: Case) -> char {
    match case {
        Case::Insensitive => c.to_ascii_lowercase(),
        Case::Sensitive => c,
    }
}

/// The tokens of a glob.
fn glob(pattern: &str, case: Case, variables: Variables) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("${")
            && let Some(end) = after.find('}')
        {
            let name = &after[..end];
            tokens.push(match name {
                "*" | "?" | "$" => Token::Literal(name.chars().next().unwrap_or('$')),
                _ => match variables {
                    Variables::MatchAnything => Token::Any,
                    Variables::MatchNothing => Token::Never,
                },
            });
            rest = &after[end + 1..];
            continue;
        }
        tokens.push(match c {
            '*' => Token::Any,
            '?' => Token::One,
            c => Token::Literal(fold(c, case)),
        });
        rest = &rest[c.len_utf8()..];
    }
    tokens
}

/// The tokens of a name, in which `*` and `?` are plain characters.
fn literal(text: &str, case: Case) -> Vec<Token> {
    text.chars().map(|c| Token::Literal(fold(c, case))).collect()
}

/// Whether every string `inner` matches is matched by `outer`.
fn tokens_cover(outer: &[Token], inner: &[Token]) -> bool {
    if inner.contains(&Token::Never) {
        return true; // `inner` matches nothing at all
    }
    let (n, m) = (outer.len(), inner.len());
    // covered[i][j]: outer[i..] covers inner[j..]. Rows are kept two at a time.
    let mut below = vec![false; m + 1];
    below[m] = true;
    let mut row = vec![false; m + 1];
    for i in (0..n).rev() {
        for j in (0..=m).rev() {
            row[j] = match outer[i] {
                Token::Any => below[j] || (j < m && row[j + 1]),
                _ if j == m => false,
                Token::Never => false,
                Token::One => matches!(inner[j], Token::Literal(_) | Token::One) && below[j + 1],
                Token::Literal(c) => inner[j] == Token::Literal(c) && below[j + 1],
            };
        }
        std::mem::swap(&mut below, &mut row);
    }
    below[0]
}

/// Whether some string matches both `a` and `b`.
fn tokens_intersect(a: &[Token], b: &[Token]) -> bool {
    if a.contains(&Token::Never) || b.contains(&Token::Never) {
        return false;
    }
    let (n, m) = (a.len(), b.len());
    // common[i][j]: a[i..] and b[j..] have a common match.
    let mut common = vec![vec![false; m + 1]; n + 1];
    for i in (0..=n).rev() {
        for j in (0..=m).rev() {
            common[i][j] = if i == n && j == m {
                true
            } else if i < n && a[i] == Token::Any {
                common[i + 1][j] || (j < m && common[i][j + 1])
            } else if j < m && b[j] == Token::Any {
                common[i][j + 1] || (i < n && common[i + 1][j])
            } else if i == n || j == m {
                false
            } else {
                let compatible = match (a[i], b[j]) {
                    (Token::One, _) | (_, Token::One) => true,
                    (x, y) => x == y,
                };
                compatible && common[i + 1][j + 1]
            };
        }
    }
    common[0][0]
}

/// Whether `pattern` matches the name `text`.
pub(crate) fn matches(pattern: &str, text: &str, case: Case, variables: Variables) -> bool {
    tokens_cover(&glob(pattern, case, variables), &literal(text, case))
}

/// Whether `outer` matches every name `inner` matches. Variables in `inner` match anything.
pub(crate) fn covers(outer: &str, inner: &str, case: Case, outer_variables: Variables) -> bool {
    tokens_cover(&glob(outer, case, outer_variables), &glob(inner, case, Variables::MatchAnything))
}

/// Whether some name matches both globs. Variables match anything.
pub(crate) fn intersect(a: &str, b: &str, case: Case) -> bool {
    tokens_intersect(&glob(a, case, Variables::MatchAnything), &glob(b, case, Variables::MatchAnything))
}

/// Whether the Action glob `pattern` matches `action` (`s3:Get*` matches `S3:GetObject`): letters
/// compare without case, as IAM compares actions.
pub fn action_matches(pattern: &str, action: &str) -> bool {
    matches(pattern, action, Case::Insensitive, Variables::MatchNothing)
}

/// Whether the Resource glob `pattern` matches the ARN `resource`, case-sensitively. A policy
/// variable in the pattern matches any value (some caller may have it).
pub fn resource_matches(pattern: &str, resource: &str) -> bool {
    matches(pattern, resource, Case::Sensitive, Variables::MatchAnything)
}

/// Whether the glob `pattern` (`*` any run of characters, `?` any one) matches all of `text`,
/// case-sensitively, with no policy variables: for names that are not policy text, such as the
/// members `stance diff`'s noise patterns name.
pub fn glob_matches(pattern: &str, text: &str) -> bool {
    matches(pattern, text, Case::Sensitive, Variables::MatchNothing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_match_without_case() {
        assert!(action_matches("s3:Get*", "s3:GetObject"));
        assert!(action_matches("S3:GET*", "s3:getobject"));
        assert!(action_matches("iam:*", "IAM:PassRole"));
        assert!(action_matches("*", "ec2:RunInstances"));
        assert!(action_matches("ec2:?unInstances", "ec2:RunInstances"));
        assert!(!action_matches("ec2:?unInstances", "ec2:unInstances"));
        assert!(!action_matches("s3:Get*", "s3:PutObject"));
        assert!(!action_matches("s3:GetObject", "s3:GetObjectAcl"));
        assert!(action_matches("s3:*Object*", "s3:GetObjectAcl"));
    }

    #[test]
    fn resources_match_with_case() {
        assert!(resource_matches("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/key/deep"));
        assert!(!resource_matches("arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/key"));
        assert!(resource_matches("*", "arn:aws:s3:::bucket"));
        assert!(!resource_matches("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket"));
        assert!(resource_matches("arn:aws:iam::*:user/${aws:username}", "arn:aws:iam::111122223333:user/bob"));
        assert!(resource_matches("arn:aws:s3:::b/${*}", "arn:aws:s3:::b/*"));
        assert!(!resource_matches("arn:aws:s3:::b/${*}", "arn:aws:s3:::b/key"));
    }

    #[test]
    fn variables_can_match_nothing() {
        let pattern = "arn:aws:iam::*:user/${aws:username}";
        let arn = "arn:aws:iam::111122223333:user/bob";
        assert!(!matches(pattern, arn, Case::Sensitive, Variables::MatchNothing));
    }

    #[test]
    fn coverage_between_globs() {
        let ci = Case::Insensitive;
        let any = Variables::MatchAnything;
        assert!(covers("*", "iam:*", ci, any));
        assert!(covers("*:*", "iam:*", ci, any));
        assert!(covers("iam:*", "IAM:*", ci, any));
        assert!(covers("i?m:*", "iam:*", ci, any));
        assert!(covers("s3:*", "s3:Get*", ci, any));
        assert!(!covers("iam:Get*", "iam:*", ci, any));
        assert!(!covers("iam:*", "*", ci, any));
        assert!(!covers("?", "*", ci, any));
        assert!(covers("*", "*", Case::Sensitive, any));
        assert!(!covers("arn:aws:iam::*:user/${aws:username}", "*", Case::Sensitive, Variables::MatchNothing));
    }

    #[test]
    fn intersection_between_globs() {
        let ci = Case::Insensitive;
        assert!(intersect("iam:Pass*", "iam:*", ci));
        assert!(intersect("*Role", "iam:*", ci));
        assert!(intersect("i?m:PassRole", "IAM:*", ci));
        assert!(!intersect("s3:*", "iam:*", ci));
        assert!(!intersect("iam:Get?", "iam:GetUser", ci));
        assert!(intersect("*a*", "*b*", ci));
    }
}
