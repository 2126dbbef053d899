# Sourced by start.sh and test.sh: finds a JDK 21 or newer and exports JAVA_HOME, or says clearly there is none.
# Order: $JAVA_HOME if it is 21+, then the newest 21+ JDK under /usr/lib/jvm, then `java` on the PATH.

java_major() {
  # Prints the major version of the java binary given, or nothing.
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

miaotui_find_java() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ -x "$JAVA_HOME/bin/javac" ]; then
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*/; do
    [ -x "${candidate}bin/javac" ] || continue
    major=$(java_major "${candidate}bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="${candidate%/}"; best_major=$major
    fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then best=$candidate; fi
  fi
  if [ -z "$best" ]; then
    echo "Miaotui needs a JDK 21 or newer and found none (JAVA_HOME=${JAVA_HOME:-unset}; /usr/lib/jvm; PATH)." >&2
    echo "Install one (e.g. apt-get install -y openjdk-21-jdk-headless) or set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

miaotui_find_java || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
