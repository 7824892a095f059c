// Placeholder until the module lands.
enum PluginKitModule {}
