// A half-finished port nobody compiled: GO001 (it does not parse).
package legacy

func Export(rows [][]string, path string) error {
	for _, row := range rows {
		write(path, row
	}
	return nil
}
