"""The rules: functions of a topology and a scenario."""
