//! Several organisations on one test server: adding them (through the same
//! admin functions as `yorisoi org add`), adding their staff as admins or
//! not, logging those in and opening their consoles, opening widgets whose
//! `Hello` names an organisation's site, and reading an organisation's
//! public face. Every server starts with its first organisation (`main`),
//! which owns the server's own origin and `allowed_origins`.

use reqwest::StatusCode;
use yorisoi_protocol::http::WIDGET_FACE;
use yorisoi_protocol::model::StaffInfo;
use yorisoi_protocol::widget::ServerFrame;
use yorisoi_protocol::{Lang, OrganisationId};
use yorisoi_server::admin::{self, NewOrganisation, NewStaff};
use yorisoi_server::store::Organisation;

use crate::access::bare_client;
use crate::verify::Records;
use crate::{ConsoleSocket, StaffClient, TestServer, WidgetSocket, random_token};

/// The password of every staff member these helpers add.
pub const STAFF_PASSWORD: &str = "a long enough password";

/// Whether a staff member administers their organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// May change the organisation's settings.
    Admin,
    /// Talks with parents; may not change settings.
    Staff,
}

impl TestServer {
    /// Adds an organisation whose sites are `origins`.
    pub async fn add_organisation(
        &self,
        slug: &str,
        name_ja: &str,
        name_en: &str,
        origins: &[&str],
    ) -> Organisation {
        let new = NewOrganisation {
            slug: slug.to_owned(),
            name_ja: name_ja.to_owned(),
            name_en: name_en.to_owned(),
            origins: origins.iter().map(|origin| (*origin).to_owned()).collect(),
        };
        admin::add_organisation(self.config(), &new)
            .await
            .unwrap_or_else(|error| panic!("add organisation {slug}: {error}"))
    }

    /// The server's first organisation (`main`).
    pub async fn default_organisation(&self) -> Organisation {
        admin::default_organisation(self.config())
            .await
            .expect("the first organisation")
    }

    /// The organisation `slug`, as stored now.
    pub async fn organisation(&self, slug: &str) -> Organisation {
        let all = admin::list_organisations(self.config())
            .await
            .expect("list the organisations");
        all.into_iter()
            .find(|organisation| organisation.slug == slug)
            .unwrap_or_else(|| panic!("no organisation {slug}"))
    }

    /// Adds a staff member to the organisation `slug`.
    pub async fn add_staff_in(
        &self,
        slug: &str,
        role: Role,
        email: &str,
        name: &str,
        password: &str,
    ) -> StaffInfo {
        let new = NewStaff {
            organisation: Some(slug.to_owned()),
            email: email.to_owned(),
            name: name.to_owned(),
            password: password.to_owned(),
            admin: role == Role::Admin,
        };
        admin::add_staff(self.config(), &new)
            .await
            .unwrap_or_else(|error| panic!("add {email} to {slug}: {error}"))
    }

    /// Adds a staff member to `slug` (password [`STAFF_PASSWORD`]) and logs
    /// them in with a fresh HTTP client.
    pub async fn staff_in(
        &self,
        slug: &str,
        role: Role,
        email: &str,
        name: &str,
    ) -> (StaffClient, StaffInfo) {
        let staff = self
            .add_staff_in(slug, role, email, name, STAFF_PASSWORD)
            .await;
        let client = self.staff_client();
        assert_eq!(
            client.login(email, STAFF_PASSWORD).await,
            StatusCode::NO_CONTENT,
            "{email} logs in"
        );
        (client, staff)
    }

    /// Like [`TestServer::staff_in`], and opens their console socket (its
    /// `Welcome` not consumed).
    pub async fn console_in(
        &self,
        slug: &str,
        role: Role,
        email: &str,
        name: &str,
    ) -> (StaffClient, ConsoleSocket, StaffInfo) {
        let (client, staff) = self.staff_in(slug, role, email, name).await;
        let console = client.console().await.expect("connect the console socket");
        (client, console, staff)
    }

    /// A widget on the page of `site` (its `Hello.site`), welcomed with a
    /// fresh token in Japanese; returns the socket and the token.
    pub async fn widget_on(&self, site: &str) -> (WidgetSocket, String) {
        let token = random_token();
        let mut socket = self.widget().await;
        let answer = socket.hello_on(Some(site), &token, Lang::Ja).await;
        assert!(
            matches!(answer, ServerFrame::Welcome { .. }),
            "a widget on {site} is welcomed: {answer:?}"
        );
        (socket, token)
    }

    /// `GET /api/widget/face?host=<host>`, as the loader on `host` asks.
    pub async fn face_of(&self, host: &str) -> reqwest::Response {
        bare_client()
            .get(format!("{}{WIDGET_FACE}", self.url()))
            .query(&[("host", host)])
            .header("origin", host)
            .send()
            .await
            .expect("the face request")
    }

    /// The records of the organisation `id`, to compare clients with.
    pub async fn records_of(&self, id: OrganisationId) -> Records {
        Records::new(self.store().await, id)
    }
}
