-- The retention purge may delete only audit events older than 365 days, whatever period is stored,
-- so no setting (or bug) can shorten the audit trail below a year.
-- Semicolons inside the body are written as \073 (Prisma's pg adapter splits scripts at each one).
CREATE OR REPLACE FUNCTION "audit_event_guard"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''DELETE'' AND current_setting(''gristmill.audit_purge'', true) = ''on'' THEN
    IF OLD."at" >= now() - interval ''365 days'' THEN
      RAISE EXCEPTION ''audit events younger than 365 days are kept (event % refused)'', OLD."id" USING ERRCODE = ''insufficient_privilege''\073
    END IF\073
    RETURN OLD\073
  END IF\073
  RAISE EXCEPTION ''the audit trail is append-only (% refused)'', TG_OP USING ERRCODE = ''insufficient_privilege''\073
END\073
';
