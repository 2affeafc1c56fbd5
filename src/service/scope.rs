//! A department head's view of the desk: only the people of their departments. The
//! health commands filter in SQL (`store::health::Scope`); fever cases and leave
//! requests, which are few, are filtered here after loading, so their stores stay as
//! they are. Every other role sees everything and pays nothing.

use super::Desk;
use crate::domain::Role;
use crate::domain::approval::Request;
use crate::domain::flag::FlagCase;
use crate::error::{DeskError, DeskResult};
use crate::store::health::{self as health_store, Scope};
use std::collections::HashSet;

impl Desk {
    /// The ids of the people a department head answers for; `None` for other roles.
    pub(crate) fn people_in_scope(&self) -> DeskResult<Option<HashSet<String>>> {
        if self.actor.role != Role::DeptHead {
            return Ok(None);
        }
        let scope = self.health_scope();
        debug_assert!(matches!(scope, Scope::Departments(_)));
        Ok(Some(
            health_store::roster(self.store.conn(), None, &scope)?
                .into_iter()
                .map(|p| p.person_id)
                .collect(),
        ))
    }

    /// Keeps the fever cases of people in scope (a department head sees no visitor's).
    pub(crate) fn scope_flags(&self, cases: Vec<FlagCase>) -> DeskResult<Vec<FlagCase>> {
        Ok(match self.people_in_scope()? {
            None => cases,
            Some(ids) => cases
                .into_iter()
                .filter(|c| c.person_id.as_ref().is_some_and(|p| ids.contains(p)))
                .collect(),
        })
    }

    /// Keeps the leave requests of people in scope (a department head sees no
    /// visitor requests).
    pub(crate) fn scope_requests(&self, list: Vec<Request>) -> DeskResult<Vec<Request>> {
        Ok(match self.people_in_scope()? {
            None => list,
            Some(ids) => list
                .into_iter()
                .filter(|r| r.person_id().is_some_and(|p| ids.contains(p)))
                .collect(),
        })
    }

    /// Refuses a single case or request outside a department head's scope, as if it
    /// were someone else's business: the refusal names only the number asked for.
    pub(crate) fn require_in_scope(&self, person_id: Option<&str>, what: &str) -> DeskResult<()> {
        match self.people_in_scope()? {
            Some(ids) if !person_id.is_some_and(|p| ids.contains(p)) => {
                Err(DeskError::refused("scope.outside").arg("what", what))
            }
            _ => Ok(()),
        }
    }
}
