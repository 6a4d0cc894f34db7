#include "app/cli/Cli.h"

namespace cli {

// Each verb's implementation lives in its own file under app/cli and is
// listed here.
const QList<Verb>& verbs()
{
    static const QList<Verb> all = {};
    return all;
}

} // namespace cli
