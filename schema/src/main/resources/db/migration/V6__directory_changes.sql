-- The org directory address book (CardDAV, read-only) is generated from principals. Its sync
-- token is the org's directory_revision; directory_changes records the latest change of each
-- card (RFC 6578), maintained by triggers so that every path that changes a principal or a
-- room's policy (admin API, just-in-time provisioning, PROPPATCH) is covered.
ALTER TABLE orgs ADD COLUMN directory_revision bigint NOT NULL DEFAULT 0;

CREATE TABLE directory_changes (
    org_id    bigint NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    card      text NOT NULL,   -- u-{name} for people, r-{name} for rooms and resources
    revision  bigint NOT NULL,
    deleted   boolean NOT NULL,
    PRIMARY KEY (org_id, card)
);
CREATE INDEX directory_changes_revision_idx ON directory_changes (org_id, revision);

CREATE FUNCTION record_directory_change(p_org bigint, p_card text, p_deleted boolean) RETURNS void AS $$
DECLARE
    rev bigint;
BEGIN
    UPDATE orgs SET directory_revision = directory_revision + 1 WHERE id = p_org RETURNING directory_revision INTO rev;
    IF rev IS NULL THEN
        RETURN; -- the org itself is being deleted
    END IF;
    INSERT INTO directory_changes (org_id, card, revision, deleted) VALUES (p_org, p_card, rev, p_deleted)
    ON CONFLICT (org_id, card) DO UPDATE SET revision = excluded.revision, deleted = excluded.deleted;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION principals_directory_trigger() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM record_directory_change(OLD.org_id, (CASE WHEN OLD.kind = 'user' THEN 'u-' ELSE 'r-' END) || OLD.name, true);
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.org_id <> NEW.org_id THEN
        PERFORM record_directory_change(OLD.org_id, (CASE WHEN OLD.kind = 'user' THEN 'u-' ELSE 'r-' END) || OLD.name, true);
    END IF;
    PERFORM record_directory_change(NEW.org_id, (CASE WHEN NEW.kind = 'user' THEN 'u-' ELSE 'r-' END) || NEW.name, NOT NEW.active);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- Only the columns a card shows: the home revision of a principal moves with every calendar
-- write and must not touch the directory (nor lock the org row).
CREATE TRIGGER principals_directory AFTER INSERT OR DELETE
    OR UPDATE OF org_id, name, kind, calendar_user_type, display_name, email, first_name, last_name, active ON principals
    FOR EACH ROW EXECUTE FUNCTION principals_directory_trigger();

CREATE FUNCTION resource_policies_directory_trigger() RETURNS trigger AS $$
DECLARE
    p record;
BEGIN
    SELECT org_id, name INTO p FROM principals WHERE id = COALESCE(NEW.principal_id, OLD.principal_id);
    IF FOUND THEN
        PERFORM record_directory_change(p.org_id, 'r-' || p.name, false);
    END IF;
    RETURN COALESCE(NEW, OLD);
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER resource_policies_directory AFTER INSERT OR UPDATE ON resource_policies
    FOR EACH ROW EXECUTE FUNCTION resource_policies_directory_trigger();
