#pragma once

#include "app/cli/Cli.h"
#include "connectors/smtp/SendResult.h"
#include "connectors/smtp/SmtpSettings.h"
#include "engine/core/Result.h"

#include <QStringList>

namespace cli {

// The connection flags `send` and `test-connection` share:
//   --server HOST[:PORT] --tls none|starttls|implicit --user U
//   (--password-env VAR | --token-env VAR) --auth MECH --ca-file PEM
//   --pin-sha256 HEX --insecure --ehlo NAME --timeout SECONDS
//   --allow-plaintext-auth
// Both "--flag value" and "--flag=value" are accepted.
class SmtpFlags
{
public:
    // Removes the connection flags from `args` (what is left belongs to the
    // verb) and builds validated settings. Errors name the flag.
    static engine::Result<connectors::smtp::SmtpSettings> take(QStringList& args);
    // Help text for the flags, one per line, for a verb's --help.
    static QString help();
    // Exit code for how a send or test ended (cli::Exit).
    static int exitCode(connectors::smtp::SendResult::Failure failure);
};

// `logicapp test-connection`: the staged SMTP check.
int runTestConnection(const QStringList& args, Io& io);

} // namespace cli
