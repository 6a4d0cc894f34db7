#pragma once

#include "engine/catalogue/ConnectionTester.h"

namespace formstest {

// Offers connectors::smtp::ConnectionTest to the designer as an
// engine::ConnectionTester (connection parameters in, outcome out), so the
// connection dialog's live view is tested against the real SMTP test
// session and a real server.
void registerSmtpTester();

} // namespace formstest
