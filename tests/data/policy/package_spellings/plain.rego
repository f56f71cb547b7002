# METADATA
# title: plain
package team.plain

x := 1
