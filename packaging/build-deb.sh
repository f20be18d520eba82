#!/usr/bin/env bash
# Builds the Debian package target/connmonitor_VERSION_ARCH.deb: the jar on a jlink runtime of only the
# JDK modules it uses, /usr/bin/connmonitor and its JVM options and AOT cache, the hardened systemd unit, its tmpfiles.d
# entry, its options file /etc/default/connmonitor, the man page, the copyright file and a logrotate
# config. Needs a JDK 25, Maven, dpkg-deb, objcopy/objdump (binutils) and gzip.
#
#   packaging/build-deb.sh                 # builds the jar with Maven first
#   packaging/build-deb.sh --jar JAR       # packages an already built jar
#   packaging/build-deb.sh --out DIR       # writes the .deb (and its staging tree) under DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/bin/java-home.sh"
connmonitor_find_jdk

jar="" out="$here/target"
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar="$(readlink -f "$2")"; shift 2 ;;
    --out) out="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    *) echo "usage: $0 [--jar JAR] [--out DIR]" >&2; exit 1 ;;
  esac
done
if [ -z "$jar" ]; then
  (cd "$here" && mvn -B -q -ntp -DskipTests package)
  jar="$here/target/connmonitor.jar"
fi
[ -f "$jar" ] || { echo "build-deb: no jar at $jar" >&2; exit 1; }

umask 022
arch="$(dpkg --print-architecture)"
stage="$out/deb-stage"
rm -rf "$stage"
lib="$stage/usr/lib/connmonitor"
mkdir -p "$lib" "$stage/usr/bin" "$stage/lib/systemd/system" "$stage/usr/lib/tmpfiles.d" \
  "$stage/usr/share/man/man1" "$stage/usr/share/doc/connmonitor" "$stage/etc/logrotate.d" "$stage/etc/default" \
  "$stage/DEBIAN"

# Only the modules the jar needs (jdeps reads its bytecode), stripped of debug data, headers and man pages.
modules="$("$JAVA_HOME/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 25 "$jar")"
[ -n "$modules" ] || { echo "build-deb: jdeps found no modules in $jar" >&2; exit 1; }
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=zip-6 --output "$lib/runtime"
install -m 0644 "$jar" "$lib/connmonitor.jar"
install -m 0644 "$here/src/main/jvm/connmonitor.args" "$lib/connmonitor.args"
install -m 0755 "$here/packaging/connmonitor.sh" "$stage/usr/bin/connmonitor"
# The JVM's AOT cache for this runtime and jar (docs/performance.md): made here, where both are final.
# The JVM accepts it at /usr/lib/connmonitor although it was made under the staging tree (same layout).
"$here/packaging/aot-train.sh" "$lib/runtime/bin/java" "$lib/connmonitor.args" "$lib/connmonitor.jar" \
  "$lib/connmonitor.aot" || echo "build-deb: WW: no AOT cache (the package starts without one)" >&2

# The launcher on its runtime is the version's source of truth, and a smoke test of the image.
version="$("$stage/usr/bin/connmonitor" --version | awk '{print $NF}')"
[[ "$version" =~ ^[0-9][0-9A-Za-z.+~-]*$ ]] || { echo "build-deb: bad version '$version'" >&2; exit 1; }

install -m 0644 "$here/packaging/systemd/connmonitor.service" "$stage/lib/systemd/system/connmonitor.service"
install -m 0644 "$here/packaging/systemd/connmonitor.tmpfiles" "$stage/usr/lib/tmpfiles.d/connmonitor.conf"
install -m 0644 "$here/packaging/deb/logrotate" "$stage/etc/logrotate.d/connmonitor"
install -m 0644 "$here/packaging/deb/copyright" "$stage/usr/share/doc/connmonitor/copyright"
install -m 0644 "$here/packaging/default/connmonitor" "$stage/etc/default/connmonitor"
date="$(git -C "$here" log -1 --format=%cs -- packaging/man/connmonitor.1 2>/dev/null || true)"
sed -e "s/@VERSION@/$version/g" -e "s/@DATE@/${date:-$(date -u +%F)}/g" "$here/packaging/man/connmonitor.1" \
  | gzip -9n > "$stage/usr/share/man/man1/connmonitor.1.gz"

# Nothing writable but by root, everything readable; jlink leaves some files read-only even for root.
chmod -R u+w,go-w,a+rX "$stage"

# The runtime needs only glibc: depend on the newest symbol version its libraries use.
glibc="$(find "$lib/runtime" -type f -name '*.so' -o -type f -path '*/bin/*' | xargs objdump -T 2>/dev/null \
  | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)"
[ -n "$glibc" ] || { echo "build-deb: no glibc version found in the runtime" >&2; exit 1; }
size="$(du -sk --exclude=DEBIAN "$stage" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$size/" -e "s/@DEPENDS@/libc6 (>= $glibc)/" \
  -e "s/^Architecture: .*/Architecture: $arch/" "$here/packaging/deb/control" > "$stage/DEBIAN/control"
install -m 0644 "$here/packaging/deb/conffiles" "$stage/DEBIAN/conffiles"
for script in postinst prerm postrm; do
  install -m 0755 "$here/packaging/deb/$script" "$stage/DEBIAN/$script"
done

deb="$out/connmonitor_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "$deb"
