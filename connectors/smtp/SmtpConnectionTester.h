#pragma once

namespace connectors::smtp {

// Offers ConnectionTest to the designer as an engine::ConnectionTester
// (connection parameters in, outcome out), so the connection dialog can run
// the live SMTP check without knowing this connector.
void registerConnectionTester();

} // namespace connectors::smtp
