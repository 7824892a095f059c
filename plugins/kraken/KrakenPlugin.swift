enum KrakenPluginModule {}
