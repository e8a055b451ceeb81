#!/usr/bin/env bash
# A throwaway single-node Ceph cluster (mon + osd) and radosgw on 127.0.0.1: a real S3 server
# with versioning, multipart, pre-signed URLs and STS AssumeRole with session policies.
# Usage: rgw-start.sh DIR   (env RGW_OBJECTSTORE=memstore|bluestore, default memstore)
# Writes DIR/env with S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_ROLE_ARN; stop with rgw-stop.sh DIR.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); . "$here/lib.sh"
DIR=${1:?usage: rgw-start.sh DIR}; mkdir -p "$DIR"; DIR=$(cd "$DIR" && pwd)
read -r PORT MON_V2 MON_V1 <<<"$(freeports 3)"
ACCESS=$(randstr 'A-Z0-9' 20); SECRET=$(randstr 'A-Za-z0-9' 40)
STSKEY=$(randstr 'a-z0-9' 16)   # radosgw requires exactly 16 characters
STORE=${RGW_OBJECTSTORE:-memstore}
FSID=$(uuidgen); CONF=$DIR/ceph.conf
mkdir -p "$DIR"/{run,log,mon,osd,rgw,pids}
cat >"$CONF" <<CONF
[global]
fsid = $FSID
mon host = [v2:127.0.0.1:$MON_V2,v1:127.0.0.1:$MON_V1]
public addr = 127.0.0.1
cluster addr = 127.0.0.1
auth cluster required = none
auth service required = none
auth client required = none
# radosgw defaults to "secure", which auth=none cannot do
ms mon client mode = crc secure
ms bind ipv6 = false
run dir = $DIR/run
admin socket = $DIR/run/\$name.asok
log file = $DIR/log/\$name.log
pid file = $DIR/run/\$name.pid
log to stderr = false
err to stderr = true
mon data = $DIR/mon/\$cluster-\$id
osd data = $DIR/osd/\$cluster-\$id
osd objectstore = $STORE
memstore device bytes = 8589934592
bluestore block path = $DIR/\$cluster-\$id.block
bluestore block create = true
bluestore block size = 34359738368
bluestore cache autotune = false
bluestore cache size = 134217728
osd memory target = 939524096
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon data avail crit = 1
mon data avail warn = 2
osd op num shards = 2
osd op num threads per shard = 2
# quick map updates for a throwaway cluster (pool creation otherwise takes ~14 s)
paxos propose interval = 0.05
paxos min wait = 0.01

[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$PORT
rgw data = $DIR/rgw
rgw sts key = $STSKEY
rgw s3 auth use sts = true
# AWS's 900 s minimum would make "a credential past its expiry is refused" a 15-minute test.
rgw sts min session duration = 15
rgw thread pool size = 64
rgw enable usage log = false
rgw gc obj min wait = 30
rgw gc processor period = 30
CONF
C=(-c "$CONF")
ok=0; trap '[ $ok = 1 ] || { echo "rgw-start: failed; logs in $DIR/log" >&2; stop_pids "$DIR" ceph-mon ceph-osd radosgw; }' EXIT
monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_V2,v1:127.0.0.1:$MON_V1]" "$DIR/monmap" >/dev/null
ceph-mon "${C[@]}" --mkfs -i a --monmap "$DIR/monmap" >"$DIR/log/mon-mkfs.out" 2>&1
start_bg "$DIR" mon ceph-mon "${C[@]}" -f -i a
for _ in $(seq 1 100); do ceph "${C[@]}" --connect-timeout 2 mon stat >/dev/null 2>&1 && break; sleep 0.2; done
OSD_UUID=$(uuidgen); OSD_ID=$(ceph "${C[@]}" osd new "$OSD_UUID")
mkdir -p "$DIR/osd/ceph-$OSD_ID"
ceph-osd "${C[@]}" -i "$OSD_ID" --mkfs --osd-uuid "$OSD_UUID" >"$DIR/log/osd-mkfs.out" 2>&1
start_bg "$DIR" osd ceph-osd "${C[@]}" -f -i "$OSD_ID"
for _ in $(seq 1 150); do ceph "${C[@]}" osd dump 2>/dev/null | grep -q "^osd.$OSD_ID up" && break; sleep 0.2; done
ceph "${C[@]}" osd dump | grep -q "^osd.$OSD_ID up" || { echo "rgw-start: osd did not come up" >&2; exit 1; }
start_bg "$DIR" rgw radosgw "${C[@]}" -f -n client.rgw.a
for i in $(seq 1 600); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; [ "$i" = 600 ] && { echo "rgw-start: radosgw not answering" >&2; exit 1; }; sleep 0.1; done
radosgw-admin "${C[@]}" user create --uid=copper-admin --display-name=copper-admin --access-key="$ACCESS" --secret-key="$SECRET" >/dev/null
# roles=*: provision and `user add` create each artist's own role through RGW's IAM API.
radosgw-admin "${C[@]}" caps add --uid=copper-admin --caps="roles=*" >/dev/null
radosgw-admin "${C[@]}" role create --role-name=CopperUpload --path=/ \
  --assume-role-policy-doc='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam:::user/copper-admin"]},"Action":["sts:AssumeRole"]}]}' >/dev/null
# The shared role (staff's; artists get roles of their own, server/s3/artist-roles.ts). Its
# own permission policy is the one documented for production (every bucket instead of one,
# since tests make a bucket per file). It must be the real limit: RGW does not protect the
# session policy inside its STS tokens against tampering (see server/s3/session-policy.ts).
# Without any permission policy AssumeRole succeeds but every request is denied.
role_policy=$(sed 's|BUCKET_NAME|*|g' "$here/../../docs/heroku/iam-role-permission-policy.json" | tr -d '\n')
radosgw-admin "${C[@]}" role-policy put --role-name=CopperUpload --policy-name=CopperArtworks \
  --policy-doc="$role_policy" >/dev/null
cat >"$DIR/env" <<ENV
S3_ENDPOINT=http://127.0.0.1:$PORT
S3_ACCESS_KEY=$ACCESS
S3_SECRET_KEY=$SECRET
S3_ROLE_ARN=arn:aws:iam:::role/CopperUpload
S3_REGION=us-east-1
RGW_DIR=$DIR
ENV
ok=1
