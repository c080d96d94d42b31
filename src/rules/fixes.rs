//! The edits the rules' fixes are made of, said in terms of the model: where the file writes a
//! grant, a list item or a PKCE setting decides the [`Change`], and the vendor's facts
//! ([`crate::formats::Vendor`]) say what to write where the format uses switches instead of lists.

use crate::document::Pointer;
use crate::finding::Finding;
use crate::fix::{Change, Fix, Literal};
use crate::formats::Member;
use crate::model::{Client, Field, Grant, List, Origin};

/// Where a value is, when the client's own file writes it (a value from a server block is shared
/// by every client of the file, so no client's fix changes it).
pub(super) fn in_file(origin: &Origin) -> Option<&Pointer> {
    match origin {
        Origin::File { pointer, .. } => Some(pointer),
        _ => None,
    }
}

/// Whether `item` is an element of its own in the array `list` points at, rather than one value of
/// a string that holds several, or a vendor switch the list was built from.
fn is_element(list: &Origin, item: &Origin) -> bool {
    let (Some(list), Some(item)) = (in_file(list), in_file(item)) else {
        return false;
    };
    item.as_str()
        .strip_prefix(list.as_str())
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|index| !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()))
}

/// The longest list whose items get fixes. Each item's fix looks at its siblings, and renders an
/// edit of the whole list: on a list of thousands of findings that work grows with the square of
/// its length (a hostile file of 40,000 redirect URIs took 14 s). Real lists are far shorter
/// (Entra allows 256 redirect URIs): past this the findings stand without a fix.
pub(super) const MAX_FIXED_LIST: usize = 256;

/// The items of `siblings`, when they are few enough to fix one of them ([`MAX_FIXED_LIST`]).
fn few<'a, T: 'a>(siblings: impl IntoIterator<Item = &'a Field<T>>) -> Option<Vec<&'a Field<T>>> {
    let items: Vec<&Field<T>> = siblings.into_iter().take(MAX_FIXED_LIST + 1).collect();
    (items.len() <= MAX_FIXED_LIST).then_some(items)
}

/// Removes `item` from `list` when it is an array element of its own.
pub(super) fn remove_item<T>(list: &List<T>, item: &Field<T>) -> Option<Change> {
    if list.items.len() > MAX_FIXED_LIST || !is_element(&list.origin, &item.origin) {
        return None;
    }
    Some(Change::Remove {
        at: in_file(&item.origin)?.clone(),
    })
}

/// Replaces the value of `item` with `with`, when the file writes that value by itself: not in a
/// string that holds other values of `siblings` too (a comma-separated list).
fn replace_own<'a, T: 'a>(
    item: &Field<T>,
    siblings: impl IntoIterator<Item = &'a Field<T>>,
    with: Literal,
) -> Option<Change> {
    let at = in_file(&item.origin)?;
    let shared = few(siblings)?
        .into_iter()
        .filter(|other| in_file(&other.origin) == Some(at))
        .count()
        > 1;
    (!shared).then(|| Change::Replace { at: at.clone(), with })
}

/// Replaces the value of `item` of `list` with `with`, when the file writes it by itself.
pub(super) fn replace_item<T>(list: &List<T>, item: &Field<T>, with: Literal) -> Option<Change> {
    replace_own(item, list.iter(), with)
}

/// Writes the vendor's `member` with its value in the object the vendor keeps it in on `c`, added
/// when the file omits it.
pub(super) fn switch_on(c: &Client, member: &Member) -> Change {
    Change::Set {
        object: object_of(c, member),
        key: member.key.to_string(),
        value: member.value.literal(),
    }
}

/// Registers the `https` form of the plain-http URI `item` in its place, among `siblings` (the
/// values of its list). Unsafe: the client must send the new URI, and its server must answer on
/// https.
pub(super) fn to_https<'a>(item: &Field<String>, siblings: impl IntoIterator<Item = &'a Field<String>>) -> Option<Fix> {
    let (scheme, rest) = item.value.split_once(':')?;
    if !scheme.eq_ignore_ascii_case("http") {
        return None;
    }
    let https = format!("https:{rest}");
    let siblings = few(siblings)?;
    if siblings.iter().any(|s| s.value == https) {
        // The https form is registered already: the http one only has to go.
        let at = in_file(&item.origin)?;
        let element = at
            .as_str()
            .rsplit('/')
            .next()
            .is_some_and(|i| i.bytes().all(|b| b.is_ascii_digit()));
        let shared = siblings.iter().filter(|s| in_file(&s.origin) == Some(at)).count() > 1;
        return (element && !shared).then(|| {
            Fix::unsafe_(
                "remove the http URI; its https form is registered",
                vec![Change::Remove { at: at.clone() }],
            )
        });
    }
    let change = replace_own(item, siblings, Literal::String(https))?;
    Some(Fix::unsafe_("register the https URI instead", vec![change]))
}

/// The pointer of the object that holds `member` on client `c`.
fn object_of(c: &Client, member: &Member) -> Pointer {
    member.object.iter().fold(c.pointer.clone(), |at, key| at.key(key))
}

/// Turns `grant` off: removes it from the client's grant list, or turns off the vendor switch that
/// enables it. `None` when the file does not write it in either way.
pub(super) fn drop_grant(c: &Client, grant: &Field<Grant>) -> Option<Change> {
    let list = c.grants.as_ref()?;
    if let Some(remove) = remove_item(list, grant) {
        return Some(remove);
    }
    let at = in_file(&grant.origin)?;
    c.vendor
        .grant_switches
        .iter()
        .find(|m| &object_of(c, m).key(m.key) == at)
        .map(|m| Change::Replace {
            at: at.clone(),
            with: m.value.literal(),
        })
}

/// Writes the vendor's `member` with its value on `c`: over the value the file writes at `written`
/// when that is the member (a flat Okta client keeps `pkce_required` at the top), else in the
/// object the vendor keeps it in, added if it is not there.
pub(super) fn set_member(c: &Client, member: &Member, written: &Origin) -> Change {
    match in_file(written) {
        Some(at) if at.as_str().rsplit('/').next() == Pointer::root().key(member.key).as_str().get(1..) => {
            Change::Replace {
                at: at.clone(),
                with: member.value.literal(),
            }
        }
        _ => switch_on(c, member),
    }
}

/// Sets `member` in the object that holds the value at `beside` (Gravitee's `settings.oauth`, an
/// init script's `oauth`: one object, reached by different paths).
pub(super) fn set_beside(beside: &Origin, member: &Member) -> Option<Change> {
    Some(Change::Set {
        object: in_file(beside)?.parent()?,
        key: member.key.to_string(),
        value: member.value.literal(),
    })
}

/// Makes the server require PKCE with `S256` of `c`, given where the file says it does not
/// (`written`): the vendor's switch, or a boolean the file writes.
pub(super) fn require_pkce(c: &Client, written: &Origin) -> Option<Change> {
    match &c.vendor.pkce_switch {
        Some(switch) => Some(set_member(c, switch, written)),
        // An RFC 7591-shaped file's own switch (`pkce_required: false`, `require-proof-key: false`).
        None => in_file(written).map(|at| Change::Replace {
            at: at.clone(),
            with: Literal::Bool(true),
        }),
    }
}

/// `finding`, with `fix` when there is one.
pub(super) fn with_fix(finding: Finding, fix: Option<Fix>) -> Finding {
    match fix {
        Some(fix) => finding.fix(fix),
        None => finding,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;

    fn at(p: &str) -> Origin {
        Origin::file(
            p.split('/').skip(1).fold(Pointer::root(), |acc, k| acc.key(k)),
            Span::default(),
        )
    }

    #[test]
    fn an_element_is_a_numbered_child_of_the_list() {
        assert!(is_element(&at("/grant_types"), &at("/grant_types/1")));
        assert!(!is_element(&at("/clients/0"), &at("/clients/0/implicitFlowEnabled")));
        assert!(!is_element(&at("/grant_types"), &at("/grant_types")));
        assert!(!is_element(&at("/grant_types"), &at("/grant_types_x/1")));
    }

    /// Whether the `redirect-uri-http` finding on the first of `n` plain-http redirect URIs, and
    /// the `implicit-grant`-family finding on the first of `n` token response types, have a fix.
    fn fixed_in_lists_of(n: usize) -> (bool, bool) {
        let uris: Vec<String> = (0..n).map(|i| format!("\"http://app{i}.example.com/cb\"")).collect();
        let types = vec!["\"code token\""; n];
        let text = format!(
            r#"{{"client_id": "c", "token_endpoint_auth_method": "none", "grant_types": ["authorization_code", "implicit"], "response_types": ["code", {}], "redirect_uris": [{}]}}"#,
            types.join(", "),
            uris.join(", ")
        );
        let report = crate::lint_bytes("client.json", text.as_bytes(), &crate::config::Settings::default());
        let fixed = |pointer: &str| {
            let f = report.findings.iter().find(|f| f.pointer.as_str() == pointer);
            f.unwrap_or_else(|| panic!("no finding at {pointer}")).fix.is_some()
        };
        (fixed("/redirect_uris/0"), fixed("/response_types/1"))
    }

    #[test]
    fn items_of_long_lists_get_no_fix() {
        // The response types list holds `code` too: 255 token ones make it as long as allowed.
        assert_eq!(fixed_in_lists_of(MAX_FIXED_LIST - 1), (true, true));
        assert_eq!(fixed_in_lists_of(MAX_FIXED_LIST + 1), (false, false));
    }
}
