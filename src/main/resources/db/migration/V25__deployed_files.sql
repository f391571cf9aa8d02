-- What the file-system deployer last deployed per resource (bpmn/…, forms/…), by content hash. Camunda's own
-- duplicate filtering picks "the latest" resource by deployment time, which goes wrong whenever a deployment is
-- made with a clock behind an earlier one (a pinned test clock, a node whose clock lags): a restored file then
-- compared equal to an older deployment and was silently not deployed.
create table deployed_file (
    resource_name  varchar(1000) not null primary key,
    content_sha256 varchar(64)   not null,
    deployment_id  varchar(64)   not null
);
-- one row: deployments from the folder are serialised across nodes, so two nodes never deploy one change twice
create table deployment_lock (
    id int not null primary key
);
insert into deployment_lock (id) values (1);
