-- Foundation schema: orgs, principals, calendars, calendar objects with their expanded
-- occurrences, the RFC 6578 change log and dead properties.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE orgs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Users (kind 'user', at /principals/users/{name}/) and rooms/equipment (kind 'resource',
-- at /principals/resources/{name}/). The name is the URL segment: unique per kind.
CREATE TABLE principals (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid                uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    org_id              bigint NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    kind                text NOT NULL CHECK (kind IN ('user', 'resource')),
    name                text NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$'),
    calendar_user_type  text NOT NULL CHECK (calendar_user_type IN ('INDIVIDUAL', 'GROUP', 'ROOM', 'RESOURCE', 'UNKNOWN')),
    display_name        text,
    email               text,
    role                text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'org-admin', 'super-admin')),
    password_hash       text,
    active              boolean NOT NULL DEFAULT true,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (kind, name)
);
CREATE INDEX principals_org_idx ON principals (org_id);

-- Every calendar-user address of a principal (mailto:, urn:uuid:), lower-cased, so that
-- scheduling can resolve any address form with one indexed lookup.
CREATE TABLE principal_addresses (
    address       text PRIMARY KEY CHECK (address = lower(address)),
    principal_id  bigint NOT NULL REFERENCES principals(id) ON DELETE CASCADE,
    preferred     boolean NOT NULL DEFAULT false
);
CREATE INDEX principal_addresses_principal_idx ON principal_addresses (principal_id);

-- Calendar collections of a principal's home, including the scheduling inbox and outbox.
-- sync_revision is the collection's change counter: it is the ctag and the RFC 6578 token.
CREATE TABLE calendars (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id            bigint NOT NULL REFERENCES principals(id) ON DELETE CASCADE,
    uri                 text NOT NULL,
    kind                text NOT NULL DEFAULT 'calendar' CHECK (kind IN ('calendar', 'inbox', 'outbox')),
    display_name        text,
    description         text,
    timezone            text,
    color               text,
    sort_order          integer,
    components          text[] NOT NULL DEFAULT ARRAY['VEVENT', 'VTODO'],
    schedule_transp     text NOT NULL DEFAULT 'opaque' CHECK (schedule_transp IN ('opaque', 'transparent')),
    sync_revision       bigint NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (owner_id, uri)
);

CREATE TABLE calendar_objects (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    calendar_id     bigint NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
    uri             text NOT NULL,
    uid             text NOT NULL,
    etag            text NOT NULL,
    schedule_tag    text,
    component_type  text NOT NULL CHECK (component_type IN ('VEVENT', 'VTODO', 'VJOURNAL', 'VFREEBUSY', 'VAVAILABILITY')),
    ical            text NOT NULL,
    size_bytes      integer NOT NULL,
    first_start     timestamptz,
    last_end        timestamptz,
    -- true when the recurrence set reaches past the expansion horizon (open-ended RRULE)
    unbounded       boolean NOT NULL DEFAULT false,
    expanded_until  timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (calendar_id, uri),
    UNIQUE (calendar_id, uid)
);

-- One row per occurrence of an object, expanded at write time over a horizon, so that
-- time-range queries, free-busy and conflict checks are index lookups.
CREATE TABLE calendar_instances (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    object_id       bigint NOT NULL REFERENCES calendar_objects(id) ON DELETE CASCADE,
    calendar_id     bigint NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
    recurrence_id   timestamptz,
    period          tstzrange NOT NULL,
    transparent     boolean NOT NULL DEFAULT false,
    status          text,
    all_day         boolean NOT NULL DEFAULT false,
    floating        boolean NOT NULL DEFAULT false
);
CREATE INDEX calendar_instances_period_idx ON calendar_instances USING gist (calendar_id, period);
CREATE INDEX calendar_instances_object_idx ON calendar_instances (object_id);

-- RFC 6578 change log, compacted to the latest change of each member: a token is a
-- revision, and the changes since it are the rows with a greater revision.
CREATE TABLE sync_changes (
    calendar_id  bigint NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
    uri          text NOT NULL,
    revision     bigint NOT NULL,
    deleted      boolean NOT NULL,
    PRIMARY KEY (calendar_id, uri)
);
CREATE INDEX sync_changes_revision_idx ON sync_changes (calendar_id, revision);

-- WebDAV dead properties (PROPPATCH of properties the server does not interpret), kept as
-- the client's XML element, attributes included. Exactly one owner per row.
CREATE TABLE dead_properties (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    principal_id  bigint REFERENCES principals(id) ON DELETE CASCADE,
    calendar_id   bigint REFERENCES calendars(id) ON DELETE CASCADE,
    object_id     bigint REFERENCES calendar_objects(id) ON DELETE CASCADE,
    namespace     text NOT NULL,
    local_name    text NOT NULL,
    xml           text NOT NULL,
    CHECK (num_nonnulls(principal_id, calendar_id, object_id) = 1)
);
CREATE UNIQUE INDEX dead_properties_principal_uq ON dead_properties (principal_id, namespace, local_name) WHERE principal_id IS NOT NULL;
CREATE UNIQUE INDEX dead_properties_calendar_uq ON dead_properties (calendar_id, namespace, local_name) WHERE calendar_id IS NOT NULL;
CREATE UNIQUE INDEX dead_properties_object_uq ON dead_properties (object_id, namespace, local_name) WHERE object_id IS NOT NULL;
