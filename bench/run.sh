#!/usr/bin/env bash
# The whole benchmark suite in one command: builds the jar if missing, compiles the load generator, then runs
# bench/src/Suite.java, which starts the server on a free loopback port with a temporary database and writes
# docs/benchmarks.md. See bench/README.md.
#
#   bench/run.sh                      full run (~15 min): 60 s sustained add_message, 1,000,000-message search
#   bench/run.sh --quick              smoke run (~1 min), writes to target/bench/benchmarks-quick.md
#   bench/run.sh --java-home=/usr/lib/jvm/temurin-25-jdk-amd64    run the server on another JVM
#   bench/run.sh --only=crash         only SIGKILL while 64 agents post (10 rounds), writes target/bench/benchmarks-crash.md
#   bench/run.sh --only=eras          only add_message in the 2025 and 2026 protocol eras (~2 min; quick ~30 s),
#                                     writes target/bench/benchmarks-eras.md
#   bench/run.sh --only=postgres      only add_message/get_messages on PostgreSQL, 1 and 2 replicas, lost-after-kill
#                                     (plus the same two on SQLite), writes target/bench/benchmarks-postgres.md;
#                                     PostgreSQL: PG_URL=jdbc:postgresql://host:port/db (PG_USER, PG_PASSWORD), or a
#                                     throw-away cluster of /usr/lib/postgresql/*/bin; --no-postgres skips it in a full run
#   bench/run.sh --only=peer          only the side-by-side with the reference TypeScript SDK peer: warm-up curves,
#                                     calls/s, p50/p99, CPU per call on Java 17 and 25 (plain and through
#                                     bin/shared-context-server); --baseline-jar=FILE adds the jar before issue 14;
#                                     writes target/bench/benchmarks-peer.md; --no-peer skips it in a full run
#   bench/run.sh --only=startup       only start-up (launch -> health UP, empty database) on the default JVM and
#                                     Temurin 25, java -jar and the launcher, --starts=N each (5), the same for
#                                     bench/floor (an empty Spring Boot app: the floor), writes
#                                     target/bench/benchmarks-startup.md
#   other options: --seconds=N (per scenario) --sustained=N --messages=N --jvm="-Xmx256m ..." --out=FILE
#                  --crash-rounds=N (10; quick 3; 0 skips it) --crash-agents=N (64) --start-timeout=N (120)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

if [ ! -f target/shared-context-server.jar ]; then
  ./mvnw -q -DskipTests package
fi

version=$(sed -n 's:.*<sqlite-jdbc.version>\(.*\)</sqlite-jdbc.version>.*:\1:p' pom.xml)
sqlite="$HOME/.m2/repository/org/xerial/sqlite-jdbc/$version/sqlite-jdbc-$version.jar"
if [ ! -f "$sqlite" ]; then
  ./mvnw -q dependency:get -Dartifact="org.xerial:sqlite-jdbc:$version" >/dev/null
fi

# pgjdbc for the PostgreSQL scenario's look-ups (the newest in ~/.m2; the server brings its own)
pgjdbc=$(ls "$HOME"/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar 2>/dev/null | grep -v sources | sort -V | tail -1)
if [ -z "$pgjdbc" ]; then
  ./mvnw -q dependency:get -Dartifact="org.postgresql:postgresql:42.7.8" >/dev/null
  pgjdbc="$HOME/.m2/repository/org/postgresql/postgresql/42.7.8/postgresql-42.7.8.jar"
fi

# the reference MCP peer for the side-by-side scenario (bench/reference, the official TypeScript SDK pinned in
# package-lock.json); without node/npm the scenario is reported as SKIPPED
if [ ! -d bench/reference/node_modules/@modelcontextprotocol/sdk ]; then
  if command -v npm >/dev/null && command -v node >/dev/null; then
    (cd bench/reference && npm ci --no-audit --no-fund --loglevel=error) ||
      echo "bench: npm ci in bench/reference failed; the side-by-side scenario will be reported as skipped" >&2
  else
    echo "bench: node/npm not found; the side-by-side scenario will be reported as skipped" >&2
  fi
fi

# async-profiler's JFR converter, for the CPU flame graphs of the profiled runs (optional: without it the report says so)
converter="$HOME/.m2/repository/tools/profiler/jfr-converter/4.2/jfr-converter-4.2.jar"
if [ ! -f "$converter" ]; then
  ./mvnw -q dependency:get -Dartifact=tools.profiler:jfr-converter:4.2 -Dtransitive=false >/dev/null 2>&1 || true
fi

# the suite runs its own copy, so a rebuild meanwhile cannot pull the jar from under the running server
mkdir -p target/bench
cp target/shared-context-server.jar target/bench/server.jar

out=target/bench/classes
rm -rf "$out" && mkdir -p "$out"
javac --release 17 -d "$out" -cp "$sqlite:$pgjdbc" bench/src/*.java

args=("$@")

# the start-up scenario's floor: bench/floor (an empty Spring Boot web app with actuator) on the server's Boot version
for a in "$@"; do
  if [ "$a" = --only=startup ]; then
    boot=$(sed -n '/<parent>/,/<\/parent>/s:.*<version>\(.*\)</version>.*:\1:p' pom.xml)
    if ./mvnw -q -f bench/floor/pom.xml -Dboot.version="$boot" package; then
      args+=("--floor-jar=$root/bench/floor/target/floor.jar")
    else
      echo "bench: building bench/floor failed; the start-up report will have no floor rows" >&2
    fi
  fi
done
quick=false
for a in "$@"; do
  case "$a" in
    --quick) quick=true ;;
  esac
done
has_out=false
only=""
for a in "$@"; do case "$a" in --out=*) has_out=true ;; --only=*) only=${a#--only=} ;; esac; done
if ! $has_out; then
  if [ -n "$only" ]; then args+=("--out=target/bench/benchmarks-$only.md")
  elif $quick; then args+=("--out=target/bench/benchmarks-quick.md"); else args+=("--out=docs/benchmarks.md"); fi
fi

exec java -Xss512k -cp "$out:$sqlite:$pgjdbc" Suite --command="bench/run.sh $*" --jar="$root/target/bench/server.jar" --jfr-converter="$converter" "${args[@]}"
