-- The desk's time zone, kept in meta so that every process on this database takes
-- "today", its shifts and its day filters from one zone, whatever its own TZ:
--   'site.timezone'         an IANA name ('Asia/Shanghai', 'UTC')
--   'site.timezone.source'  where it came from: config | tz | system | fallback | command
-- The value depends on the process that opens the database first after this step (its
-- config's [site] timezone, else its machine's zone), which SQL cannot know, so the
-- rows are written just after the migrations by `service::site`, in their own
-- immediate transaction (first writer wins), with an audit row when the desk already
-- has a history. Once written the zone can be replaced (`dutydesk site timezone`),
-- never removed nor emptied.

CREATE TRIGGER meta_site_timezone_kept
BEFORE DELETE ON meta
WHEN OLD.key = 'site.timezone'
BEGIN
    SELECT RAISE(ABORT, 'the site time zone cannot be removed; change it with: dutydesk site timezone ZONE');
END;

CREATE TRIGGER meta_site_timezone_named_on_insert
BEFORE INSERT ON meta
WHEN NEW.key = 'site.timezone' AND trim(NEW.value) = ''
BEGIN
    SELECT RAISE(ABORT, 'the site time zone must name a zone');
END;

CREATE TRIGGER meta_site_timezone_named_on_update
BEFORE UPDATE ON meta
WHEN NEW.key = 'site.timezone' AND trim(NEW.value) = ''
BEGIN
    SELECT RAISE(ABORT, 'the site time zone must name a zone');
END;
