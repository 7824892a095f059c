enum BinancePluginModule {}
