//! An organisation's own texts for parents on both backends: written,
//! replaced and cleared per name, and never read by another organisation.

use yorisoi_protocol::Lang;

use super::{TestDb, face};
use crate::store::{OrganisationTexts, TextName};

async fn texts_are_kept_per_organisation_and_name(db: TestDb) {
    let store = &db.store;
    let other = store
        .create_organisation("other", &face("よそ"), &[], db.now())
        .await
        .expect("org");
    assert_eq!(
        store.organisation_texts(db.org).await.expect("texts"),
        OrganisationTexts::default(),
        "nothing written: the standard texts show"
    );
    let help = TextName::Help(Lang::Ja);
    let privacy = TextName::Privacy(Lang::En);
    store
        .set_organisation_text(db.org, help, "センター 03-1111-2222", db.now())
        .await
        .expect("help");
    store
        .set_organisation_text(db.org, privacy, "Two of us read this.", db.now())
        .await
        .expect("privacy");
    store
        .set_organisation_text(db.org, help, "センター 03-3333-4444", db.now())
        .await
        .expect("replaced");
    let texts = store.organisation_texts(db.org).await.expect("texts");
    assert_eq!(texts.get(help), "センター 03-3333-4444");
    assert_eq!(texts.get(privacy), "Two of us read this.");
    assert_eq!(texts.get(TextName::Help(Lang::En)), "");
    assert_eq!(
        store.organisation_texts(other.id).await.expect("texts"),
        OrganisationTexts::default(),
        "another organisation reads none of them"
    );
    store
        .set_organisation_text(db.org, privacy, "", db.now())
        .await
        .expect("cleared");
    let texts = store.organisation_texts(db.org).await.expect("texts");
    assert_eq!(texts.get(privacy), "", "back to the standard one");
}

on_both_backends!(texts_are_kept_per_organisation_and_name);
