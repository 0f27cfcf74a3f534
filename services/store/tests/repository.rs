//! The repository conformance suite: every test runs on each backend of
//! `fleet_store::testing::backends()` (SQLite and PostgreSQL by default).

// Test fixtures panic on failure: that is how a test reports a broken precondition.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use fleet_core::{
    audit::{Actor, AuditAction},
    clock::now_ms,
    field_cipher::{key_id_of, Keyring},
    ids::{TenantId, UserId},
    paging::PageRequest,
};
use fleet_store::{
    accounts, api_keys, audit, encrypted_fields, sessions, tenants,
    testing::{backends, TestDatabase},
    users, Db, Dialect, Scope, StoreError,
};

fn tenant(code: &str) -> tenants::TenantRecord {
    let now = now_ms();
    tenants::TenantRecord {
        id: TenantId::new().to_string(),
        name: format!("Tenant {code}"),
        code: code.into(),
        max_accounts: 10,
        max_daily_messages: 1000,
        timezone: "Asia/Shanghai".into(),
        status: "active".into(),
        created_at: now,
        updated_at: now,
    }
}

fn user(tenant_id: &str, email: &str) -> users::UserRecord {
    let now = now_ms();
    users::UserRecord {
        id: UserId::new().to_string(),
        tenant_id: Some(tenant_id.into()),
        email: email.into(),
        password_hash: "$argon2id$fake".into(),
        role: "operator".into(),
        display_name: None,
        phone_enc: None,
        status: "active".into(),
        created_at: now,
        updated_at: now,
        last_login_at: None,
    }
}

/// Two tenants with one user each.
async fn two_tenants(
    db: &Db,
) -> (
    tenants::TenantRecord,
    tenants::TenantRecord,
    users::UserRecord,
    users::UserRecord,
) {
    let (a, b) = (tenant("alpha"), tenant("beta"));
    let (ua, ub) = (user(&a.id, "a@alpha.test"), user(&b.id, "b@beta.test"));
    let mut tx = db.begin(Scope::Platform).await.unwrap();
    tenants::insert(&mut tx, &a).await.unwrap();
    tenants::insert(&mut tx, &b).await.unwrap();
    users::insert(&mut tx, &ua).await.unwrap();
    users::insert(&mut tx, &ub).await.unwrap();
    tx.commit().await.unwrap();
    (a, b, ua, ub)
}

fn tid(s: &str) -> TenantId {
    s.parse().unwrap()
}

#[tokio::test]
async fn tenants_round_trip_and_codes_are_unique() {
    for backend in backends() {
        let t = TestDatabase::new(backend).await.unwrap();
        let a = tenant("acme");
        let mut tx = t.db.begin(Scope::Platform).await.unwrap();
        tenants::insert(&mut tx, &a).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = t.db.begin(Scope::Platform).await.unwrap();
        let dup = tenants::insert(&mut tx, &tenant("acme")).await;
        assert!(
            matches!(dup, Err(StoreError::Conflict("code"))),
            "{backend:?}: {dup:?}"
        );
        drop(tx);

        let mut tx = t.db.read(Scope::Platform).await.unwrap();
        let got = tenants::get(&mut tx, tid(&a.id), false).await.unwrap();
        assert_eq!(
            got.as_ref().map(|r| r.code.as_str()),
            Some("acme"),
            "{backend:?}"
        );
        let page = tenants::list(
            &mut tx,
            Some("active"),
            PageRequest::parse(None, None).unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(page.total, 1, "{backend:?}");
        let page = tenants::list(
            &mut tx,
            Some("suspended"),
            PageRequest::parse(None, None).unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(page.total, 0, "{backend:?}");
    }
}

#[tokio::test]
async fn tenant_scoped_queries_never_cross_tenants() {
    for backend in backends() {
        let t = TestDatabase::new(backend).await.unwrap();
        let (a, b, ua, ub) = two_tenants(&t.db).await;
        let mut tx = t.db.read(Scope::Tenant(tid(&a.id))).await.unwrap();
        let page = users::list(&mut tx, tid(&a.id), PageRequest::parse(None, None).unwrap())
            .await
            .unwrap();
        assert_eq!(
            page.items.iter().map(|u| &u.email).collect::<Vec<_>>(),
            vec![&ua.email],
            "{backend:?}"
        );
        let other = users::get(&mut tx, tid(&a.id), ub.id.parse().unwrap(), false)
            .await
            .unwrap();
        assert!(
            other.is_none(),
            "{backend:?}: tenant A read tenant B's user"
        );
        drop(tx);
        let mut tx = t.db.begin(Scope::Tenant(tid(&a.id))).await.unwrap();
        assert!(!users::delete(&mut tx, tid(&a.id), ub.id.parse().unwrap())
            .await
            .unwrap());
        tx.commit().await.unwrap();
        let mut tx = t.db.read(Scope::Tenant(tid(&b.id))).await.unwrap();
        assert!(
            users::get(&mut tx, tid(&b.id), ub.id.parse().unwrap(), false)
                .await
                .unwrap()
                .is_some()
        );
    }
}

/// Row-level security alone: raw queries with no tenant filter, run as `fleet_app` inside a
/// tenant-scoped transaction, see and change only that tenant's rows.
#[tokio::test]
async fn postgres_row_level_security_holds_without_the_repository_filter() {
    if !backends().contains(&Dialect::Postgres) {
        return;
    }
    let t = TestDatabase::postgres().await.unwrap();
    let (a, b, ua, _) = two_tenants(&t.db).await;
    let mut tx = t.db.begin(Scope::Tenant(tid(&a.id))).await.unwrap();
    let role: String = sqlx::query_scalar("SELECT current_user::text")
        .fetch_one(tx.conn())
        .await
        .unwrap();
    assert_eq!(role, "fleet_app");
    let emails: Vec<String> = sqlx::query_scalar("SELECT email FROM users")
        .fetch_all(tx.conn())
        .await
        .unwrap();
    assert_eq!(emails, vec![ua.email.clone()]);
    let codes: Vec<String> = sqlx::query_scalar("SELECT code FROM tenants")
        .fetch_all(tx.conn())
        .await
        .unwrap();
    assert_eq!(codes, vec!["alpha".to_string()]);
    let changed = sqlx::query("UPDATE users SET display_name = 'pwned'")
        .execute(tx.conn())
        .await
        .unwrap();
    assert_eq!(changed.rows_affected(), 1);
    // Writing a row into another tenant is refused by the policy's WITH CHECK.
    let foreign = user(&b.id, "sneaky@beta.test");
    let refused = users::insert(&mut tx, &foreign).await;
    assert!(refused.is_err(), "insert into another tenant was allowed");
    drop(tx);

    // A transaction that declares no scope sees nothing at all.
    let mut tx = t.db.read(Scope::Tenant(TenantId::new())).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(tx.conn())
        .await
        .unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn refresh_tokens_are_spent_once() {
    for backend in backends() {
        let t = TestDatabase::new(backend).await.unwrap();
        let (a, _, ua, _) = two_tenants(&t.db).await;
        let now = now_ms();
        let mut tx = t.db.begin(Scope::Platform).await.unwrap();
        let sid = fleet_core::ids::SessionId::new().to_string();
        sessions::create(
            &mut tx,
            &sessions::NewSession {
                id: &sid,
                tenant_id: Some(&a.id),
                user_id: &ua.id,
                created_at: now,
            },
        )
        .await
        .unwrap();
        sessions::add_refresh_token(&mut tx, &sid, Some(&a.id), "h1", now, now + 1000)
            .await
            .unwrap();
        assert!(sessions::spend_refresh_token(&mut tx, "h1", now)
            .await
            .unwrap());
        assert!(
            !sessions::spend_refresh_token(&mut tx, "h1", now)
                .await
                .unwrap(),
            "{backend:?}"
        );
        let found = sessions::find_refresh(&mut tx, "h1")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (found.used_at, found.tenant_status.as_deref()),
            (Some(now), Some("active"))
        );
        sessions::revoke(&mut tx, &sid, "test", now).await.unwrap();
        let auth = sessions::auth(&mut tx, &sid).await.unwrap().unwrap();
        assert_eq!(auth.revoked_at, Some(now));
        tx.commit().await.unwrap();
    }
}

#[tokio::test]
async fn api_keys_are_found_by_digest_and_revoked_per_tenant() {
    for backend in backends() {
        let t = TestDatabase::new(backend).await.unwrap();
        let (a, b, _, _) = two_tenants(&t.db).await;
        let key = api_keys::ApiKeyRecord {
            id: fleet_core::ids::ApiKeyId::new().to_string(),
            tenant_id: a.id.clone(),
            name: "ci".into(),
            role: "viewer".into(),
            key_prefix: "wcf_abc".into(),
            created_by: None,
            created_at: now_ms(),
            expires_at: None,
            revoked_at: None,
            last_used_at: None,
        };
        let mut tx = t.db.begin(Scope::Tenant(tid(&a.id))).await.unwrap();
        api_keys::insert(&mut tx, &key, "digest-1").await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = t.db.begin(Scope::Tenant(tid(&b.id))).await.unwrap();
        assert!(
            !api_keys::revoke(&mut tx, tid(&b.id), key.id.parse().unwrap(), 1)
                .await
                .unwrap(),
            "{backend:?}"
        );
        tx.commit().await.unwrap();
        let mut tx = t.db.begin(Scope::Platform).await.unwrap();
        let found = api_keys::auth(&mut tx, "digest-1").await.unwrap().unwrap();
        assert_eq!(
            (found.tenant_id.as_str(), found.revoked_at),
            (a.id.as_str(), None)
        );
        assert!(api_keys::auth(&mut tx, "digest-2").await.unwrap().is_none());
        tx.commit().await.unwrap();
    }
}

#[tokio::test]
async fn audit_entries_are_listed_per_tenant() {
    for backend in backends() {
        let t = TestDatabase::new(backend).await.unwrap();
        let (a, b, _, _) = two_tenants(&t.db).await;
        let mut tx = t.db.begin(Scope::Platform).await.unwrap();
        for (tenant, action) in [
            (Some(&a.id), AuditAction::UserCreated),
            (Some(&b.id), AuditAction::UserDeleted),
            (None, AuditAction::TenantCreated),
        ] {
            audit::record(
                &mut tx,
                audit::AuditEvent {
                    tenant_id: tenant.cloned(),
                    actor: &Actor::System,
                    action,
                    target: None,
                    detail: serde_json::json!({}),
                    ip: None,
                    request_id: None,
                },
            )
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
        let mut tx = t.db.read(Scope::Tenant(tid(&a.id))).await.unwrap();
        let filter = audit::AuditFilter {
            tenant_id: Some(a.id.clone()),
            ..Default::default()
        };
        let page = audit::list(&mut tx, &filter, PageRequest::parse(None, None).unwrap())
            .await
            .unwrap();
        assert_eq!(
            page.items
                .iter()
                .map(|e| e.action.as_str())
                .collect::<Vec<_>>(),
            vec!["user.created"],
            "{backend:?}"
        );
        drop(tx);
        let mut tx = t.db.read(Scope::Platform).await.unwrap();
        let page = audit::list(
            &mut tx,
            &audit::AuditFilter::default(),
            PageRequest::parse(None, None).unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(
            page.items
                .iter()
                .map(|e| e.action.as_str())
                .collect::<Vec<_>>(),
            vec!["tenant.created"],
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn key_rotation_reseals_every_stored_secret() {
    for backend in backends() {
        let t = TestDatabase::new(backend).await.unwrap();
        let (k1, k2) = (Keyring::generate_key(), Keyring::generate_key());
        let old = Keyring::new("k1", [("k1", k1.as_str())]).unwrap();
        let (a, _, _, _) = two_tenants(&t.db).await;
        let mut ids = Vec::new();
        let mut tx = t.db.begin(Scope::Platform).await.unwrap();
        for i in 0..7 {
            let mut u = user(&a.id, &format!("u{i}@alpha.test"));
            u.phone_enc =
                Some(old.encrypt(&format!("+86 1380000000{i}"), &users::phone_context(&u.id)));
            users::insert(&mut tx, &u).await.unwrap();
            ids.push(u.id);
        }
        tx.commit().await.unwrap();

        let both = Keyring::new("k2", [("k1", k1.as_str()), ("k2", k2.as_str())]).unwrap();
        let report = encrypted_fields::rotate(&t.db, &both).await.unwrap();
        assert_eq!((report.examined, report.resealed), (7, 7), "{backend:?}");
        let again = encrypted_fields::rotate(&t.db, &both).await.unwrap();
        assert_eq!(
            again.resealed, 0,
            "{backend:?}: second run must find nothing to do"
        );

        let only_new = Keyring::new("k2", [("k2", k2.as_str())]).unwrap();
        let mut tx = t.db.read(Scope::Tenant(tid(&a.id))).await.unwrap();
        for (i, id) in ids.iter().enumerate() {
            let u = users::get(&mut tx, tid(&a.id), id.parse().unwrap(), false)
                .await
                .unwrap()
                .unwrap();
            let sealed = u.phone_enc.unwrap();
            assert_eq!(key_id_of(&sealed), Some("k2"));
            assert_eq!(
                only_new
                    .decrypt(&sealed, &users::phone_context(id))
                    .unwrap(),
                format!("+86 1380000000{i}")
            );
        }
    }
}

fn account(tenant_id: &str) -> accounts::AccountRecord {
    let now = now_ms();
    accounts::AccountRecord {
        id: uuid::Uuid::new_v4().to_string(),
        tenant_id: tenant_id.into(),
        account_name: "sales-01".into(),
        phone_enc: None,
        connector: "simulator".into(),
        connector_settings_enc: None,
        config: "{}".into(),
        instance_id: None,
        status: "created".into(),
        login_stage: None,
        login_origin: None,
        version: 0,
        login_token: None,
        qr_payload: None,
        qr_expires_at: None,
        last_heartbeat_at: None,
        online_since: None,
        recovery_attempts: 0,
        next_recovery_at: None,
        created_at: now,
        updated_at: now,
    }
}

/// Two writers that read the same version: exactly one saves, and only its change is in the
/// history.
#[tokio::test]
async fn account_state_is_compare_and_set() {
    for backend in backends() {
        let t = TestDatabase::new(backend).await.unwrap();
        let (a, b, _, _) = two_tenants(&t.db).await;
        let acc = account(&a.id);
        let mut tx = t.db.begin(Scope::Tenant(tid(&a.id))).await.unwrap();
        accounts::insert(&mut tx, &acc).await.unwrap();
        tx.commit().await.unwrap();

        let change = |reason| accounts::StateChange {
            old_status: "created",
            old_stage: None,
            reason,
            detail: serde_json::json!({}),
        };
        let mut first = acc.clone();
        first.status = "qr_wait".into();
        first.login_stage = Some("waiting_scan".into());
        first.login_origin = Some("created".into());
        let mut second = acc.clone();
        second.status = "online".into();

        let mut tx = t.db.begin(Scope::Tenant(tid(&a.id))).await.unwrap();
        assert!(
            accounts::save_state(&mut tx, &first, Some(change("start_login")))
                .await
                .unwrap()
        );
        assert!(
            !accounts::save_state(&mut tx, &second, Some(change("credentials_verified")))
                .await
                .unwrap(),
            "{backend:?}: stale writer won"
        );
        tx.commit().await.unwrap();

        let mut tx = t.db.read(Scope::Tenant(tid(&a.id))).await.unwrap();
        let stored = accounts::get(&mut tx, tid(&a.id), &acc.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((stored.status.as_str(), stored.version), ("qr_wait", 1));
        let history = accounts::history(
            &mut tx,
            tid(&a.id),
            &acc.id,
            PageRequest::parse(None, None).unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(
            history
                .items
                .iter()
                .map(|h| h.reason.as_str())
                .collect::<Vec<_>>(),
            vec!["start_login"]
        );
        assert_eq!(accounts::count_live(&mut tx, tid(&a.id)).await.unwrap(), 1);
        // Another tenant sees neither the account nor its history.
        assert!(accounts::get(&mut tx, tid(&b.id), &acc.id)
            .await
            .unwrap()
            .is_none());
        drop(tx);
        let mut tx = t.db.read(Scope::Tenant(tid(&b.id))).await.unwrap();
        let foreign = accounts::history(
            &mut tx,
            tid(&b.id),
            &acc.id,
            PageRequest::parse(None, None).unwrap(),
        )
        .await
        .unwrap();
        assert_eq!(foreign.total, 0, "{backend:?}");
    }
}

#[tokio::test]
async fn deleted_accounts_leave_lists_and_counts_but_keep_history() {
    for backend in backends() {
        let t = TestDatabase::new(backend).await.unwrap();
        let (a, _, _, _) = two_tenants(&t.db).await;
        let tenant = tid(&a.id);
        let (keep, mut gone) = (account(&a.id), account(&a.id));
        let mut tx = t.db.begin(Scope::Tenant(tenant)).await.unwrap();
        accounts::insert(&mut tx, &keep).await.unwrap();
        accounts::insert(&mut tx, &gone).await.unwrap();
        gone.status = "deleted".into();
        let change = accounts::StateChange {
            old_status: "created",
            old_stage: None,
            reason: "delete",
            detail: serde_json::json!({}),
        };
        assert!(accounts::save_state(&mut tx, &gone, Some(change))
            .await
            .unwrap());
        tx.commit().await.unwrap();
        let mut tx = t.db.read(Scope::Tenant(tenant)).await.unwrap();
        let page = PageRequest::parse(None, None).unwrap();
        let listed = accounts::list(&mut tx, tenant, accounts::AccountFilter::default(), page)
            .await
            .unwrap();
        assert_eq!(
            listed
                .items
                .iter()
                .map(|r| r.id.as_str())
                .collect::<Vec<_>>(),
            vec![keep.id.as_str()],
            "{backend:?}"
        );
        assert_eq!(
            accounts::list(
                &mut tx,
                tenant,
                accounts::AccountFilter {
                    status: Some("created"),
                    name: None
                },
                page
            )
            .await
            .unwrap()
            .total,
            1
        );
        assert_eq!(accounts::count_live(&mut tx, tenant).await.unwrap(), 1);
        assert_eq!(
            accounts::count_by_status(&mut tx, tenant).await.unwrap(),
            vec![("created".to_owned(), 1)],
            "deleted accounts are not counted"
        );
        assert!(accounts::get(&mut tx, tenant, &gone.id)
            .await
            .unwrap()
            .is_none());
        assert_eq!(
            accounts::history(&mut tx, tenant, &gone.id, page)
                .await
                .unwrap()
                .total,
            1
        );
    }
}
