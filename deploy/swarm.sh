#!/usr/bin/env bash
# Docker Swarm for several servers (docker-stack.yml; docs/huong-dan-van-hanh.md, mục 9). Run from the folder that
# holds docker-stack.yml and .env, on a manager node.
#
#   deploy/swarm.sh init [address]   once: `docker swarm init` (on [address]), this node labelled for PostgreSQL,
#                                    Redis and nginx, the secrets created from .env and taken out of it
#   deploy/swarm.sh deploy           install and every upgrade: the stack deployed; the one-shot `migrate` waited for;
#                                    web and workers replaced one task at a time (start-first), healthchecks gating
#   deploy/swarm.sh status           services, replicas, the last migrate run
#
# The stack's name is STACK (default policezalo). Extra stack files (e.g. a site's own overrides) in STACK_FILES,
# separated by spaces.
set -euo pipefail
STACK="${STACK:-policezalo}"
STACK_FILES="${STACK_FILES:-}"

# .env → secrets. Each becomes the Swarm secret pz_<name in lower case>, read by the app through NAME_FILE.
SECRET_NAMES=(SECRET_KEY CITIZEN_TOKEN_SECRET PII_HASH_KEY FIELD_ENCRYPTION_KEY ZALO_APP_SECRET ZALO_OA_SECRET_KEY
  METRICS_TOKEN POSTGRES_PASSWORD REDIS_PASSWORD DATABASE_URL REDIS_URL REDIS_CACHE_URL)

die() { echo "swarm.sh: $*" >&2; exit 1; }
[ -f docker-stack.yml ] || die "chạy lệnh trong thư mục có docker-stack.yml (ví dụ /opt/policezalo)"
[ -f .env ] || die "thiếu tệp .env (mục 2 bước 3)"

# The value of NAME in .env (the last line wins, as in docker compose), without exporting anything.
env_value() { sed -n "s/^$1=//p" .env | tail -1; }

# Every .env line exported for the stack file's ${NAME} (`docker stack deploy` does not read .env by itself). Lines
# are taken whole: values may hold spaces (SITE_NAME) and are never evaluated by the shell.
export_env() {
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in ''|'#'*) continue ;; esac
    [[ "$line" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] && export "${line?}"
  done < .env
}

secret_exists() { docker secret inspect "$1" >/dev/null 2>&1; }

init() {
  local address="${1:-}" state name value lower created=() moved
  state=$(docker info --format '{{.Swarm.LocalNodeState}}')
  if [ "$state" != "active" ]; then
    if [ -n "$address" ]; then docker swarm init --advertise-addr "$address"; else docker swarm init; fi
  fi
  # This node holds PostgreSQL's and Redis's volumes and publishes ports 80/443 (nginx).
  docker node update --label-add policezalo.data=true --label-add policezalo.proxy=true \
    "$(docker info --format '{{.Swarm.NodeID}}')" >/dev/null

  # DATABASE_URL / REDIS_URL: a managed service's address from .env, otherwise the stack's own postgres and redis.
  local user db pg_pw redis_pw
  user=$(env_value POSTGRES_USER); user=${user:-policezalo}
  db=$(env_value POSTGRES_DB); db=${db:-policezalo}
  pg_pw=$(env_value POSTGRES_PASSWORD)
  redis_pw=$(env_value REDIS_PASSWORD)
  for name in "${SECRET_NAMES[@]}"; do
    lower="pz_$(echo "$name" | tr '[:upper:]' '[:lower:]')"
    secret_exists "$lower" && continue
    value=$(env_value "$name")
    if [ -z "$value" ] && [ "$name" = DATABASE_URL ] && [ -n "$pg_pw" ]; then
      value="postgres://$user:$pg_pw@postgres:5432/$db"
    elif [ -z "$value" ] && [ "$name" = REDIS_URL ] && [ -n "$redis_pw" ]; then
      value="redis://:$redis_pw@redis:6379/0"
    elif [ -z "$value" ] && [ "$name" = REDIS_CACHE_URL ] && [ -n "$redis_pw" ]; then
      value="redis://:$redis_pw@redis-cache:6379/0"
    fi
    [ -n "$value" ] || die "$name trống trong .env và chưa có secret $lower: điền $name vào .env rồi chạy lại init"
    printf '%s' "$value" | docker secret create "$lower" - >/dev/null
    created+=("$name")
  done

  # The secrets leave .env: a value both in the environment and in NAME_FILE is refused at start (config/env.py).
  # They go to a file readable by root only, to be carried to the offline safe with the backup key and deleted here.
  moved=".env.secrets-$(date +%Y%m%d-%H%M%S)"
  (umask 077; : > "$moved")
  local pattern
  pattern="^($(IFS='|'; echo "${SECRET_NAMES[*]}"))="
  grep -E "$pattern" .env >> "$moved" || true
  if [ -s "$moved" ]; then
    grep -vE "$pattern" .env > .env.tmp && cat .env.tmp > .env && rm -f .env.tmp
    echo "Đã chuyển các khóa bí mật ra khỏi .env vào $moved: chép tệp này vào nơi cất giữ an toàn ngoài máy chủ"
    echo "(cùng khóa giải mã bản sao lưu) rồi xóa nó khỏi máy chủ."
  else
    rm -f "$moved"
  fi
  echo "Secrets: ${#created[@]} tạo mới (${created[*]:-không có}); nút $(hostname) giữ PostgreSQL và Redis."
}

digest() { cat "$@" | sha256sum | cut -c1-12; }

deploy() {
  local name lower files=(-c docker-stack.yml) extra cert_dir
  for name in "${SECRET_NAMES[@]}"; do
    lower="pz_$(echo "$name" | tr '[:upper:]' '[:lower:]')"
    secret_exists "$lower" || die "thiếu secret $lower: chạy deploy/swarm.sh init"
    [ -z "$(env_value "$name")" ] || die "$name vẫn còn trong .env: khóa bí mật chỉ nằm trong secret $lower (init)"
  done
  export_env
  cert_dir="${TLS_CERT_DIR:-./deploy/certs}"
  PZ_NGINX_DIGEST=$(digest deploy/nginx/templates/default.conf.template deploy/nginx/90-reload-certificates.sh)
  PZ_TLS_DIGEST=$(digest "$cert_dir/fullchain.pem" "$cert_dir/privkey.pem")
  export PZ_NGINX_DIGEST PZ_TLS_DIGEST
  for extra in $STACK_FILES; do files+=(-c "$extra"); done

  # Images are loaded on each node (docker load, no registry): never ask a registry for their digests.
  docker stack deploy --prune --resolve-image never "${files[@]}" "$STACK"
  wait_migrate
  wait_converged
  echo "Xong: ${APP_IMAGE:-policezalo}:${APP_VERSION:-latest} đang chạy (deploy/swarm.sh status)."
}

# The newest migrate task: Complete → go on; Failed/Rejected → stop with its logs (the update of web and workers
# then never finishes: their new tasks wait for the schema and the old ones keep serving).
wait_migrate() {
  local state image="${APP_IMAGE:-policezalo}:${APP_VERSION:-latest}" deadline=$((SECONDS + ${MIGRATE_TIMEOUT:-1800}))
  while :; do
    # The newest task of this release's image (the previous release's finished task is listed too).
    state=$(docker service ps --no-trunc --format '{{.Image}} {{.CurrentState}}' "${STACK}_migrate" 2>/dev/null |
      awk -v image="$image" '$1 == image || index($1, image "@") == 1 { $1 = ""; print substr($0, 2); exit }')
    case "$state" in
      Complete*) echo "migrate: xong ($state)"; return 0 ;;
      Failed*|Rejected*)
        docker service logs --tail 50 "${STACK}_migrate" >&2 || true
        die "migrate lỗi ($state): web và worker vẫn chạy bản cũ; sửa lỗi rồi chạy lại deploy" ;;
    esac
    [ "$SECONDS" -lt "$deadline" ] || die "migrate chưa xong sau ${MIGRATE_TIMEOUT:-1800}s ($state)"
    sleep 3
  done
}

# Every replicated service at its desired count, and no update still in progress.
wait_converged() {
  local deadline=$((SECONDS + ${CONVERGE_TIMEOUT:-900})) pending
  while :; do
    pending=$(docker service ls --filter "label=com.docker.stack.namespace=$STACK" --format '{{.Name}} {{.Replicas}}' |
      awk '$1 !~ /_migrate$/ { split($2, r, "/"); if (r[1] != r[2]) print $1 " " $2 }')
    for name in $(docker service ls -q --filter "label=com.docker.stack.namespace=$STACK"); do
      case "$(docker service inspect --format '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}' "$name")" in
        updating|rollback_started) pending+=" $(docker service inspect --format '{{.Spec.Name}}' "$name"):đang-cập-nhật" ;;
        rollback_completed) die "$(docker service inspect --format '{{.Spec.Name}}' "$name") đã tự quay lui: bản mới không khỏe (docker service ps)" ;;
      esac
    done
    [ -z "$pending" ] && return 0
    [ "$SECONDS" -lt "$deadline" ] || die "chưa đủ bản sao sau ${CONVERGE_TIMEOUT:-900}s: $pending"
    sleep 5
  done
}

status() {
  docker stack services "$STACK"
  echo
  docker service ps --format '{{.Name}} {{.Image}} {{.CurrentState}} {{.Error}}' "${STACK}_migrate" | head -3
}

case "${1:-}" in
  init) shift; init "$@" ;;
  deploy) deploy ;;
  status) status ;;
  *) sed -n '2,12p' "$0"; exit 2 ;;
esac
