-- One row per alert e-mail the mail server accepted for one recipient, committed on its own (outside the alert
-- job's transaction): a job that fails part-way (a refused recipient, the server gone after the first e-mail) and is
-- retried skips what already went out. Once every recipient has it, the alert is marked sent (sla_alert.alerted_at,
-- .recipients) and its rows here are deleted: the table holds only alerts in flight. No foreign key to sla_alert on purpose: the job holds its alert rows locked
-- (select ... for update) while these rows are written from a second transaction; a key check would wait for it.
create table sla_alert_mail (
    alert_id   bigint        not null,
    recipient  varchar(320)  not null,
    sent_at    timestamp with time zone not null,
    constraint pk_sla_alert_mail primary key (alert_id, recipient)
);
