# Sourced by the bin/ scripts: finds a JDK 25 (JAVA_HOME first, then /usr/lib/jvm) and exports JAVA_HOME.
# The machine's default java may be older; connmonitor needs 25 for java.lang.foreign.
connmonitor_find_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/*25*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    # The JDK's release file names its version; asking java -version instead starts a JVM (0.15-0.3 s of
    # every launch). Runtimes without the file (rare) are still asked.
    if grep -qE '^JAVA_VERSION="(2[5-9]|[3-9][0-9])' "$candidate/release" 2> /dev/null \
        || { [ ! -f "$candidate/release" ] && "$candidate/bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])'; }; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  echo "connmonitor: no JDK 25 found (set JAVA_HOME or install Temurin 25 under /usr/lib/jvm)" >&2
  return 1
}
# Maven itself on JDK 25 warns about its bundled Guava using sun.misc.Unsafe; that is noise here.
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
