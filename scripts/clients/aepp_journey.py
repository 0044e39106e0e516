"""The tutorial's journey through the public API of the `aepp` Python client, against the Local sandbox.

Our own platform client and the sandbox were written from the same reading of Adobe's specs; a client
written elsewhere tells us where that reading differs from what real clients send and expect. This driver
configures aepp as a user would for a real org (org, client id, secret, sandbox, platform base URL), then
runs each step of the journey and keeps going after a failure, so one run lists every difference.

Run it through scripts/clients/README.md (it needs aepp on PYTHONPATH and the logging proxy in front of the
sandbox). Environment: XDM_SANDBOX_JSON (the `sandbox --json` line), PLATFORM_URL (the proxy's URL),
TRIAL_LOG (the proxy's log file: step markers are appended to it). Not part of `npm test`.
"""
import json
import os
import sys
import time
import traceback

import aepp
from aepp import catalog, customerprofile, dataaccess, identity, ingestion, schema

sandbox = json.loads(os.environ["XDM_SANDBOX_JSON"])
platform_url = os.environ["PLATFORM_URL"]
trial_log = os.environ["TRIAL_LOG"]
results = []
run_tag = os.environ.get("TRIAL_RUN", str(int(time.time())))


def is_error_answer(value):
    """aepp raises on few errors: most of its calls return the error instead (AEP's problem body with a
    `status` of 400 or more, or aepp's own `{"error": ...}` when a body is not the JSON it expected), so a
    call that returned one did not pass."""
    if not isinstance(value, dict):
        return False
    status = value.get("status")
    if isinstance(status, int) and status >= 400:
        return True
    if str(value.get("statusCode", "")).isdigit() and int(value["statusCode"]) >= 400:  # Profile's errors
        return True
    return set(value.keys()) == {"error"}


def step(name, call):
    """Runs one client call, records its outcome and marks the proxy log so requests can be traced to it."""
    with open(trial_log, "a", encoding="utf-8") as log:
        log.write(json.dumps({"step": name}) + "\n")
    try:
        value = call()
        shown = json.dumps(value, default=str)[:300]
        if is_error_answer(value):
            results.append({"step": name, "ok": False, "error": f"error answer: {shown}"})
            print(f"FAIL {name}: error answer: {shown}")
            return value
        results.append({"step": name, "ok": True, "value": shown})
        print(f"OK   {name}: {shown}")
        return value
    except Exception as error:  # the trial reports every failure and goes on
        results.append({"step": name, "ok": False, "error": f"{type(error).__name__}: {error}"})
        print(f"FAIL {name}: {type(error).__name__}: {error}")
        traceback.print_exc(limit=3, file=sys.stdout)
        return None


# A user of a real org calls configure(); "support" is aepp's way to give a platform base URL of one's own.
aepp.configure(
    org_id=sandbox["orgId"],
    client_id=sandbox["clientId"],
    secret=sandbox["clientSecret"],
    sandbox=sandbox["sandboxName"],
    scopes="openid,AdobeID,read_organizations,additional_info.projectedProductContext,session",
    environment="support",
    endpoint=platform_url,
)
# aepp has no setting for the IMS host nor for the streaming collection host (both fixed to Adobe's):
# point them at the sandbox, as the sandbox serves /ims/token/v3 and /collection under one origin.
aepp.config.config_object["oauthTokenEndpointV2"] = f"{platform_url}/ims/token/v3"
aepp.config.endpoints["streaming"]["collection"] = platform_url

registry = schema.Schema()
tenant_id = step("schema.getTenantId", registry.getTenantId)
step("schema.getSchemas", lambda: [s.get("$id") for s in registry.getSchemas()])
step("schema.getSchemasGlobal", lambda: len(registry.getSchemasGlobal()))
step("schema.getClasses", lambda: registry.getClasses())
step("schema.getClassesGlobal", lambda: len(registry.getClassesGlobal()))
# Adobe's classes live in the global container (the classes guide: CONTAINER_ID `global` for an Adobe-created
# class); aepp reads a container per Schema object, tenant by default.
global_registry = schema.Schema(containerId="global")
step("schema.getClass(profile)", lambda: global_registry.getClass("https://ns.adobe.com/xdm/context/profile").get("title"))
step("schema.getFieldGroupsGlobal", lambda: len(registry.getFieldGroupsGlobal()))
step("schema.getDataTypesGlobal", lambda: len(registry.getDataTypesGlobal()))
step("schema.getDescriptors", lambda: registry.getDescriptors())
step("schema.getUnions", lambda: registry.getUnions())
tenant_key = f"_{tenant_id}"

data_type = step("schema.createDataType", lambda: registry.createDataType({
    "title": "Loyalty tier (aepp trial " + run_tag + ")",
    "description": "Tier and points",
    "type": "object",
    "definitions": {"tier": {"properties": {"level": {"type": "string"}, "points": {"type": "integer"}}}},
    "allOf": [{"$ref": "#/definitions/tier"}],
}))
data_type_id = (data_type or {}).get("$id")
step("schema.getDataType", lambda: registry.getDataType(data_type_id).get("title"))

field_group = step("schema.createFieldGroup", lambda: registry.createFieldGroup({
    "title": "Loyalty (aepp trial " + run_tag + ")",
    "description": "Loyalty member fields",
    "type": "object",
    "meta:intendedToExtend": ["https://ns.adobe.com/xdm/context/profile"],
    "definitions": {"loyalty": {"properties": {tenant_key: {"type": "object", "properties": {
        "email": {"type": "string", "title": "Email"},
        "loyaltyId": {"type": "string", "title": "Loyalty id"},
        "tier": {"$ref": data_type_id, "title": "Tier"},
    }}}}},
    "allOf": [{"$ref": "#/definitions/loyalty"}],
}))
field_group_id = (field_group or {}).get("$id")
step("schema.getFieldGroup", lambda: registry.getFieldGroup(field_group_id).get("title"))
step("schema.patchFieldGroup", lambda: registry.patchFieldGroup(field_group_id, [
    {"op": "replace", "path": "/description", "value": "Loyalty member fields, patched"}]).get("description"))

created_class = step("schema.createClass", lambda: registry.createClass(title="Loyalty class (aepp trial " + run_tag + ")", class_template="https://ns.adobe.com/xdm/data/record"))

# When the field group could not be created, the journey goes on with standard field groups only, so the
# differences further down still show; the identity is then the standard personal email.
own_fields = isinstance(field_group_id, str)
standard_groups = ["https://ns.adobe.com/xdm/context/profile-person-details",
                   "https://ns.adobe.com/xdm/context/profile-personal-details"]
identity_path = f"/{tenant_key}/email" if own_fields else "/personalEmail/address"
profile_schema = step("schema.createProfileSchema", lambda: registry.createProfileSchema(
    name="Loyalty members (aepp trial " + run_tag + ")",
    fieldGroupIds=([field_group_id] if own_fields else []) + standard_groups,
    description="Created by the aepp trial"))
schema_id = (profile_schema or {}).get("$id")
step("schema.createDescriptor(primary identity)", lambda: registry.createDescriptor(
    sourceSchema=schema_id, sourceProperty=identity_path, namespace="Email", primary=True,
    **{"xdm:property": "xdm:code"}))
# The tutorial order: the primary identity first, then the union tag (AEP refuses the tag without one).
step("schema.enableSchemaForRealTime", lambda: registry.enableSchemaForRealTime(schema_id).get("meta:immutableTags"))
step("schema.getDescriptors(after)", lambda: registry.getDescriptors())
step("schema.getSchema(full)", lambda: sorted(registry.getSchema(schema_id, full=True).get("properties", {}).keys()))
step("schema.getSchema(full, desc)", lambda: registry.getSchema(schema_id, full=True, desc=True).get("meta:descriptors", "(none)"))
step("schema.getSchemaPaths", lambda: registry.getSchemaPaths(schema_id))
step("schema.getSchemaSample", lambda: registry.getSchemaSample(schema_id))
step("schema.getDescriptors(identity, id)", lambda: registry.getDescriptors(type_desc="xdm:descriptorIdentity", id_desc=True))
step("schema.getDescriptors(link)", lambda: registry.getDescriptors(link_desc=True))

cat = catalog.Catalog()
dataset = step("catalog.createDataSet", lambda: cat.createDataSet(
    name="Loyalty members (aepp trial " + run_tag + ")", schemaId=schema_id, profileEnabled=True, identityEnabled=True))
dataset_id = dataset[0].split("/")[-1] if isinstance(dataset, list) and dataset else None
step("catalog.getDataSets", lambda: list(cat.getDataSets().keys()))
step("catalog.getDatasetsInfos", lambda: cat.getDatasetsInfos().to_dict(orient="records"))
step("catalog.getDataSet", lambda: cat.getDataSet(dataset_id))
step("catalog.getProfileSnapshotDatasets", lambda: cat.getProfileSnapshotDatasets())

ingest = ingestion.DataIngestion()
def member(n, email):
    """One Profile record in whichever shape the schema could be given."""
    if own_fields:
        return {tenant_key: {"email": email, "loyaltyId": f"L{n}", "tier": {"level": "gold", "points": n}},
                "person": {"name": {"firstName": f"Member{n}"}}}
    return {"personalEmail": {"address": email}, "person": {"name": {"firstName": f"Member{n}"}}}


records = [member(n, f"member{n}@example.com") for n in range(1, 4)]
batch = step("ingestion.createBatch", lambda: ingest.createBatch(datasetId=dataset_id, format="json", enableDiagnostic=True))
batch_id = (batch or {}).get("id")
step("ingestion.uploadSmallFile", lambda: ingest.uploadSmallFile(batchId=batch_id, datasetId=dataset_id, filePath="members.json", data=records))
large_bytes = "\n".join(json.dumps(r) for r in records).encode("utf-8")
step("ingestion.uploadLargeFileStartEnd(INITIALIZE)", lambda: ingest.uploadLargeFileStartEnd(batchId=batch_id, datasetId=dataset_id, filePath="large.json", action="INITIALIZE"))
step("ingestion.uploadLargeFilePart", lambda: ingest.uploadLargeFilePart(batchId=batch_id, datasetId=dataset_id, filePath="large.json", data=large_bytes, contentRange=f"bytes 0-{len(large_bytes) - 1}/{len(large_bytes)}"))
step("ingestion.uploadLargeFileStartEnd(COMPLETE)", lambda: ingest.uploadLargeFileStartEnd(batchId=batch_id, datasetId=dataset_id, filePath="large.json", action="COMPLETE"))
step("ingestion.headFileStatus", lambda: ingest.headFileStatus(batchId=batch_id, datasetId=dataset_id, filePath="large.json"))
step("ingestion.uploadSmallFileFinish", lambda: ingest.uploadSmallFileFinish(batchId=batch_id))


def poll(identifier):
    for _ in range(60):
        found = cat.getBatch(identifier)
        status = found.get(identifier, found).get("status") if isinstance(found, dict) else None
        if status in ("success", "failed", "failure"):
            return found
        time.sleep(1)
    return found


step("catalog.getBatch(poll)", lambda: poll(batch_id))
step("catalog.getBatches", lambda: list(cat.getBatches().keys())[:5])
step("catalog.getLastBatches", lambda: cat.getLastBatches(dataSetId=dataset_id))
step("ingestion.getPreviewBatchDataset", lambda: ingest.getPreviewBatchDataset(batchId=batch_id, datasetId=dataset_id))

bad = step("ingestion.createBatch(bad)", lambda: ingest.createBatch(datasetId=dataset_id, format="json", enableDiagnostic=True, partialIngestionPercentage=50))
bad_id = (bad or {}).get("id")
step("ingestion.uploadSmallFile(bad)", lambda: ingest.uploadSmallFile(batchId=bad_id, datasetId=dataset_id, filePath="bad.json",
                                                                      data=json.dumps({"person": {"name": {"firstName": 7}}, "personalEmail": {"address": "x@example.com"}, "unknownField": 1}) + "\n{not json"))
step("ingestion.uploadSmallFileFinish(bad)", lambda: ingest.uploadSmallFileFinish(batchId=bad_id))
step("catalog.getBatch(poll bad)", lambda: poll(bad_id))
access = dataaccess.DataAccess()
step("dataaccess.getBatchFiles", lambda: access.getBatchFiles(batch_id))
failed = step("dataaccess.getBatchFailed", lambda: access.getBatchFailed(bad_id))
# aepp re-requests forever a file whose body is not JSON (its retry recurses), so `_SUCCESS` is not opened.
failed_files = [f["name"] for f in (failed or []) if isinstance(f, dict) and f.get("name") != "_SUCCESS"]
step("dataaccess.getBatchFailed(file)", lambda: access.getBatchFailed(bad_id, path=failed_files[0]) if failed_files else "(no failed file listed)")
step("dataaccess.getBatchMeta", lambda: access.getBatchMeta(bad_id))

profile = customerprofile.Profile()
step("customerprofile.getEntity(seeded namespace case)", lambda: profile.getEntity(entityId="member1@example.com", entityIdNS="Email"))
step("customerprofile.getEntity", lambda: profile.getEntity(entityId="member1@example.com", entityIdNS="email"))
step("customerprofile.getEntityEvents", lambda: profile.getEntityEvents(entityId="member1@example.com", entityIdNS="email"))
step("customerprofile.getEntities", lambda: profile.getEntities({"schema": {"name": "_xdm.context.profile"},
                                                                 "identities": [{"entityId": "member2@example.com", "entityIdNS": {"code": "email"}}]}))
step("customerprofile.getMergePolicies", lambda: profile.getMergePolicies())

ids = identity.Identity(region="nld2")
# aepp derives the Identity host from environment and region (platform-<env>-<region>.adobe.io): repoint it.
ids.endpoint = platform_url + aepp.config.endpoints["identity"]
step("identity.getIdentities", lambda: [n.get("code") for n in ids.getIdentities()][:8])
step("identity.getIdentityDetail(id)", lambda: ids.getIdentityDetail(str(next(n["id"] for n in ids.getIdentities() if n.get("code") == "Email"))))
step("identity.getIdentity(xid)", lambda: ids.getIdentity(id_str="streamed@example.com", namespace="Email"))
step("identity.getLinkedIdentities", lambda: ids.getLinkedIdentities([{"ns": "Email", "id": "streamed@example.com"}]))
step("identity.createIdentity", lambda: ids.createIdentity(name="Loyalty id " + run_tag, code="LOY" + run_tag[-6:], idType="CROSS_DEVICE"))

message = {
    "header": {"schemaRef": {"id": schema_id, "contentType": "application/vnd.adobe.xed-full+json;version=1"},
               "imsOrgId": sandbox["orgId"], "datasetId": dataset_id, "source": {"name": "aepp trial"}},
    "body": {"xdmMeta": {"schemaRef": {"id": schema_id, "contentType": "application/vnd.adobe.xed-full+json;version=1"}},
             "xdmEntity": member(9, "streamed@example.com")},
}
step("ingestion.streamMessage", lambda: ingest.streamMessage(inletId="aepptrialinlet", data=message, syncValidation=True))
step("ingestion.streamMessages", lambda: ingest.streamMessages(inletId="aepptrialinlet", data=[message]))

failures = [r for r in results if not r["ok"]]
print(f"\n{len(results) - len(failures)} steps passed, {len(failures)} failed")
