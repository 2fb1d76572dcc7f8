@echo off
rem kaohe from the repository root on Windows: kaohe check rules\huantai\2017.kh (see scripts\kaohe.mjs)
node --max-semi-space-size=32 --enable-source-maps "%~dp0scripts\kaohe.mjs" %*
