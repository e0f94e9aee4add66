# Finds a JDK 25 (or newer) and exports JAVA_HOME to it. Sourced by ./mvnw and ./lighthouse so that
# both work on a machine whose default java is older, without any manual JAVA_HOME.
#
# Looks, in order, at $JAVA_HOME, the java on PATH, then the standard install places: Linux
# distribution directories (/usr/lib/jvm), SDKMAN, /opt, ~/.jdks (IntelliJ) and macOS. A JDK is
# recognised by the JAVA_VERSION line of its `release` file, so no JVM is started to ask.

lighthouse_jdk_feature() { # prints the feature version (25) of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -f "$1/release" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null
}

lighthouse_find_jdk() { # prints the first JDK home with feature version >= $1
  _want=$1
  _path_java=$(command -v java 2>/dev/null || true)
  _path_home=""
  if [ -n "$_path_java" ]; then
    _path_home=$(dirname "$(dirname "$(readlink -f "$_path_java" 2>/dev/null || echo "$_path_java")")")
  fi
  _restore_glob=$(case $- in *f*) echo "set -f" ;; esac)
  set +f
  for _home in "${JAVA_HOME:-}" "$_path_home" \
      /usr/lib/jvm/* "${SDKMAN_DIR:-$HOME/.sdkman}"/candidates/java/* /opt/java/* /opt/jdk* /usr/java/* \
      "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$_home" ] && [ -d "$_home" ] || continue
    _feature=$(lighthouse_jdk_feature "$_home")
    if [ -n "$_feature" ] && [ "$_feature" -ge "$_want" ] 2>/dev/null; then
      $_restore_glob
      printf '%s\n' "$_home"
      return 0
    fi
  done
  $_restore_glob
  return 1
}

lighthouse_use_jdk25() {
  if _jdk=$(lighthouse_find_jdk 25); then
    JAVA_HOME=$_jdk
    export JAVA_HOME
  else
    echo "Lighthouse needs a JDK 25 and found none: install one (for example Temurin 25 from your package manager, or 'sdk install java 25-tem') or set JAVA_HOME to it." >&2
    exit 1
  fi
}
